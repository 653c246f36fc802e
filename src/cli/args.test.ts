import { expect, test } from 'vitest';
import { parseArgs } from './args.ts';
import { findCommand } from './specs.ts';

const SECRET = 'hunter2-secret-value';

test.each([
  [['--=' + SECRET]],
  [['--no-json=' + SECRET]],
  [['--json=' + SECRET]],
  [['-' + SECRET]],
  [['-y' + SECRET]],
  [['alice', SECRET]],
  [['--', SECRET]],
])('a refused command line never shows a value: %j', (argv) => {
  let message = '';
  try {
    parseArgs(findCommand('login')!, argv);
  } catch (error) {
    message = (error as Error).message;
  }
  expect(message).toMatch(/latchkey login|takes no value/);
  expect(message).not.toContain('hunter2');
});

test('node:util parseArgs tokens become flags, positionals and the passthrough rest', () => {
  const spec = findCommand('run')!;
  expect(parseArgs(spec, ['--secret', 'a', '--secret=b', '--', 'node', '-e', '1'])).toEqual({
    positionals: {}, flags: { secret: ['a', 'b'] }, rest: ['node', '-e', '1'], help: false,
  });
  expect(() => parseArgs(spec, ['--secret', '--', 'x'])).toThrow(/--secret needs a value/);
});
