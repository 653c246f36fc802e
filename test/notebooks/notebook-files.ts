/**
 * Reading the example notebooks (nbformat 4) and checking committed outputs
 * for anything that must never be published: tokens, secret-looking values,
 * absolute local paths.
 */
import { readFile, readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/** Folder of the example notebooks. */
export const NOTEBOOK_DIR = resolve(import.meta.dirname, '../../examples/notebook');

/** The parts of an nbformat 4 notebook the tests use. */
export interface Notebook {
  nbformat: number;
  nbformat_minor: number;
  metadata: { kernelspec?: { name: string; display_name: string; language?: string }; [k: string]: unknown };
  cells: NotebookCell[];
}

/** One cell. */
export interface NotebookCell {
  cell_type: 'code' | 'markdown' | 'raw';
  source: string | string[];
  metadata?: Record<string, unknown>;
  outputs?: Record<string, unknown>[];
  execution_count?: number | null;
}

/** A cell's source as one string. */
export function cellSource(cell: NotebookCell): string {
  return Array.isArray(cell.source) ? cell.source.join('') : cell.source;
}

/** Reads and parses one notebook. */
export async function readNotebook(path: string): Promise<Notebook> {
  return JSON.parse(await readFile(path, 'utf8')) as Notebook;
}

/** Paths of every committed example notebook. */
export async function listNotebooks(dir = NOTEBOOK_DIR): Promise<string[]> {
  return (await readdir(dir)).filter((f) => f.endsWith('.ipynb')).sort().map((f) => join(dir, f));
}

/** Patterns of credentials as the common providers format them. */
const SECRET_PATTERNS: [string, RegExp][] = [
  ['latchkey machine token', /lk_machine_[A-Za-z0-9_-]{8,}/],
  ['OpenAI-style key', /\bsk-(?:proj-|ant-)?[A-Za-z0-9_-]{16,}/],
  ['Hugging Face token', /\bhf_[A-Za-z0-9]{16,}/],
  ['GitHub token', /\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})/],
  ['AWS access key id', /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/],
  ['Slack token', /\bxox[abprs]-[A-Za-z0-9-]{10,}/],
  ['private key block', /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
  ['JWT', /\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/],
  ['bearer header', /\bBearer\s+[A-Za-z0-9._~+/-]{16,}/i],
];

/** A long unbroken run mixing letters and digits looks like a key, whatever its prefix. */
const HIGH_ENTROPY = /[A-Za-z0-9+/_=-]{32,}/g;

/** Absolute paths of the machine that ran the notebook. */
const LOCAL_PATH = /(?:^|[\s"'`(=:,[])(\/home\/|\/root\/|\/tmp\/|\/work\/|\/Users\/|\/var\/folders\/|[A-Za-z]:\\)/;

function looksRandom(run: string): boolean {
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/].filter((re) => re.test(run)).length;
  return classes >= 2 && /[0-9]/.test(run) && new Set(run).size >= 12;
}

/** Problems found in one piece of output text (empty when clean). */
export function findLeaks(text: string): string[] {
  const problems: string[] = [];
  for (const [what, re] of SECRET_PATTERNS) if (re.test(text)) problems.push(what);
  for (const match of text.match(HIGH_ENTROPY) ?? []) {
    if (looksRandom(match)) problems.push(`secret-looking string of ${match.length} characters`);
  }
  if (LOCAL_PATH.test(text)) problems.push('absolute local path');
  return problems;
}

/** Every text a notebook would show or carry besides its sources: outputs and metadata. */
export function publishedTexts(nb: Notebook): { where: string; text: string }[] {
  const texts: { where: string; text: string }[] = [{ where: 'notebook metadata', text: JSON.stringify(nb.metadata) }];
  nb.cells.forEach((cell, i) => {
    if (cell.metadata) texts.push({ where: `cell ${i + 1} metadata`, text: JSON.stringify(cell.metadata) });
    for (const output of cell.outputs ?? []) texts.push({ where: `cell ${i + 1} output`, text: JSON.stringify(output) });
  });
  return texts;
}
