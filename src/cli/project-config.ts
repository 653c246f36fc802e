/**
 * `latchkey.json`: a project file naming the secrets `latchkey run` should
 * load, found in the current folder or the nearest parent.
 * @module
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { CliError } from './errors.ts';

/** The project file name. */
export const PROJECT_FILE = 'latchkey.json';

/** What a project file says. */
export interface ProjectConfig {
  /** Where it was found. */
  readonly path: string;
  /** Secret names to load. */
  readonly secrets: readonly string[];
}

/** Finds and parses the nearest `latchkey.json` from `cwd` upwards; null when there is none. */
export async function findProjectConfig(cwd: string): Promise<ProjectConfig | null> {
  let dir = cwd;
  for (;;) {
    const path = join(dir, PROJECT_FILE);
    let text: string | null = null;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR' && code !== 'EACCES') throw error;
    }
    if (text !== null) return parseProjectConfig(path, text);
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/** Parses project file text: `{ "secrets": ["name", ...] }`. */
export function parseProjectConfig(path: string, text: string): ProjectConfig {
  const fix = `write it as { "secrets": ["openai", "aws"] }`;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new CliError(`${path} is not valid JSON`, fix);
  }
  const secrets = (value as { secrets?: unknown } | null)?.secrets;
  if (!Array.isArray(secrets) || !secrets.every((s) => typeof s === 'string' && s !== '')) {
    throw new CliError(`${path} has no "secrets" list of names`, fix);
  }
  return { path, secrets: [...new Set(secrets as string[])] };
}
