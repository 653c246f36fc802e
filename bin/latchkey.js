#!/usr/bin/env node
// The `latchkey` command: loads the bundled CLI (npm run build writes dist/cli/).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/latchkey.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('latchkey: error: the CLI is not built (run "npm run build" in the latchkey folder)\n');
  process.exit(1);
}
await import(entry.href);
