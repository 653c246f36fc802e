/**
 * Process entry of the built CLI (bundled to dist/cli/): runs {@link main}
 * with the real streams and environment, then exits with its status.
 * @module
 */
import { isatty } from 'node:tty';
import { main } from './main.ts';

// `latchkey ls | head -1`: a reader that stops early is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}

const code = await main(
  process.argv.slice(2),
  { stdin: () => process.stdin, stdinIsTTY: isatty(0), stdout: process.stdout, stderr: process.stderr },
  process.env,
);
// Exit now rather than wait for idle keep-alive sockets; stdio writes are synchronous on Linux.
process.exit(code);
