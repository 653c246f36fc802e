import { userInfo } from 'node:os';
import { expect, test } from 'vitest';

// The run-wide temporary HOME from test/helpers/isolate-home.ts reaches every
// test worker, so nothing the tests start can write to the real HOME.
test('tests run with a temporary HOME, not the real one', () => {
  expect(process.env.LATCHKEY_TEST_HOME).toBeTruthy();
  expect(process.env.HOME).toBe(process.env.LATCHKEY_TEST_HOME);
  expect(process.env.HOME).not.toBe(userInfo().homedir);
  expect(process.env.XDG_CONFIG_HOME?.startsWith(process.env.HOME!)).toBe(true);
});
