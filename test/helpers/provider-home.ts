/**
 * Test helpers: temporary HOME folders and byte-exact snapshots of them.
 */
import { mkdtempSync, readdirSync, lstatSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';

/** A fresh temp folder; remember to `cleanup()` it. */
export function tempHome(prefix = 'latchkey-prov-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Removes a temp folder. */
export function cleanup(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Path -> "type mode sha256" for everything under `dir` (links not followed). */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const st = lstatSync(p);
      const mode = (st.mode & 0o777).toString(8);
      const rel = p.slice(dir.length + 1);
      if (st.isSymbolicLink()) out[rel] = `link ${readlinkSync(p)}`;
      else if (st.isDirectory()) {
        out[rel] = `dir ${mode}`;
        walk(p);
      } else out[rel] = `file ${mode} ${createHash('sha256').update(readFileSync(p)).digest('hex')}`;
    }
  };
  walk(dir);
  return out;
}

/** File mode bits (e.g. 0o600). */
export function modeOf(p: string): number {
  return lstatSync(p).mode & 0o777;
}

/** True when every line of `before` appears in `after`, in order. */
export function linesSurvive(before: string, after: string): boolean {
  const a = after.split(/\r?\n/);
  let i = 0;
  for (const line of before.split(/\r?\n/)) {
    while (i < a.length && a[i] !== line) i++;
    if (i === a.length) return false;
    i++;
  }
  return true;
}
