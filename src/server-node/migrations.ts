/**
 * Applies migrations/NNNN_*.sql to a D1 database, recording each in a
 * `d1_migrations` table (same layout as wrangler's) so runs are idempotent.
 * Node-only (reads the folder); the D1 object may be Miniflare's.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The slice of D1 this module needs. */
interface MigrationDb {
  prepare(sql: string): { bind(...values: unknown[]): unknown; all(): Promise<{ results: unknown[] }> };
  batch(statements: unknown[]): Promise<unknown>;
}

/** One migration file. */
export interface Migration {
  name: string;
  statements: string[];
}

/**
 * Splits SQL text into statements on `;` outside quotes, dropping `--` and
 * `/* *\/` comments.
 */
export function splitSql(sql: string): string[] {
  const out: string[] = [];
  let current = '';
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i]!;
    if (ch === '-' && sql[i + 1] === '-') {
      while (i < sql.length && sql[i] !== '\n') i++;
      continue;
    }
    if (ch === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? sql.length : end + 2;
      continue;
    }
    if (ch === "'" || ch === '"') {
      const end = sql.indexOf(ch, i + 1);
      const stop = end < 0 ? sql.length : end + 1;
      current += sql.slice(i, stop);
      i = stop;
      continue;
    }
    if (ch === ';') {
      if (current.trim()) out.push(current.trim());
      current = '';
      i++;
      continue;
    }
    current += ch;
    i++;
  }
  if (current.trim()) out.push(current.trim());
  return out;
}

/** Reads the numbered migration files of a folder in order. */
export async function readMigrations(dir: string): Promise<Migration[]> {
  const names = (await readdir(dir)).filter((n) => /^\d{4}_[\w-]+\.sql$/.test(n)).sort();
  return Promise.all(names.map(async (name) => ({ name, statements: splitSql(await readFile(join(dir, name), 'utf8')) })));
}

/** Applies the migrations not yet recorded; each file is one atomic batch. Returns the names applied. */
export async function applyMigrations(db: MigrationDb, migrations: Migration[]): Promise<string[]> {
  await db.batch([
    db.prepare(
      `CREATE TABLE IF NOT EXISTS d1_migrations (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE,
        applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL)`,
    ),
  ]);
  const { results } = await db.prepare('SELECT name FROM d1_migrations').all();
  const done = new Set((results as Array<{ name: string }>).map((r) => r.name));
  const applied: string[] = [];
  for (const m of migrations) {
    if (done.has(m.name)) continue;
    await db.batch([...m.statements.map((s) => db.prepare(s)), db.prepare('INSERT INTO d1_migrations (name) VALUES (?1)').bind(m.name)]);
    applied.push(m.name);
  }
  return applied;
}
