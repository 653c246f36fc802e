// Runs before each workers test file: bring the per-file D1 up to the latest schema.
import { applyD1Migrations, env } from 'cloudflare:test';

const bindings = env as { DB: unknown; TEST_MIGRATIONS: unknown };
await applyD1Migrations(bindings.DB, bindings.TEST_MIGRATIONS);
