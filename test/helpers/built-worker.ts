/**
 * Vitest global setup (node project): builds dist/worker.js once before any
 * test file runs, and only when its sources changed, so every local server a
 * test starts runs the same built worker that `latchkey serve` ships.
 */
import { ensureWorker } from '../../scripts/build.mjs';

export default async function setup(): Promise<void> {
  await ensureWorker();
}
