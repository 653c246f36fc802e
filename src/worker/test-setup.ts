// Runs before each workers test file: bring the per-file D1 up to the latest schema.
import { applyD1Migrations, env } from 'cloudflare:test';

await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
