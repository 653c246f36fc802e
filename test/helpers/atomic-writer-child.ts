/**
 * Child process for the crash test: writes alternating contents to the target
 * with the provider module's atomic write, forever, until killed.
 */
import { writeFileAtomic } from '../../src/client/providers/node-files.ts';

const target = process.argv[2]!;
const contents = [process.argv[3]!, process.argv[4]!].map((seed, i) => seed.repeat(((i + 1) * 300_000) / seed.length));
let n = 0;
for (;;) {
  await writeFileAtomic(target, contents[n % 2]!, 0o600);
  if (n === 1) process.stdout.write('ready\n');
  n++;
}
