#!/usr/bin/env node
// `npm start`: `latchkey serve` from this checkout (npm start builds first), so
// both read the same flags and environment: --port N (or PORT), --host H (or
// HOST), --data DIR (or LATCHKEY_DATA), ALLOWED_ORIGINS, LATCHKEY_BENCH=1.
// Serves on 127.0.0.1:8787 with D1 in ./.latchkey-data; Ctrl-C stops it, data survives.
process.argv.splice(2, 0, 'serve');
await import('../bin/latchkey.js');
