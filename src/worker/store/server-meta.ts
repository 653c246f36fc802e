/** server_meta: the server's own settings (schema version, the fake-salt secret). */
import type { D1Database } from '../types.ts';

/**
 * The stored secret behind fake KDF salts. INSERT OR IGNORE keeps the first
 * secret ever stored, so every caller (`fresh` or not) gets that one.
 */
export async function fakeSaltSecret(db: D1Database, fresh: string): Promise<string> {
  const [, row] = await db.batch<{ value: string }>([
    db.prepare("INSERT OR IGNORE INTO server_meta (key, value) VALUES ('kdf_salt_secret', ?1)").bind(fresh),
    db.prepare("SELECT value FROM server_meta WHERE key = 'kdf_salt_secret'"),
  ]);
  return row!.results[0]!.value;
}

/** The schema row: one indexed read, the baseline of the server benchmark. */
export async function schemaRow(db: D1Database): Promise<Record<string, unknown> | null> {
  return db.prepare("SELECT key, value FROM server_meta WHERE key = 'schema'").first();
}
