import { expect, test } from 'vitest';
import { patchOf } from './editor.ts';

test('patchOf: the edit as an update() patch, so a reload can reapply it to a newer version', () => {
  const before = { api_key: 'a', org: 'o', keep: 'k' };
  const after = { api_key: 'b', keep: 'k', region: 'eu' };
  expect(patchOf(before, after)).toEqual({ api_key: 'b', org: null, region: 'eu' });
  // Applied to a version someone else changed meanwhile: their other changes stay.
  const newer = { api_key: 'a', org: 'o', keep: 'theirs', extra: 'x' };
  const merged: Record<string, string> = { ...newer };
  for (const [k, v] of Object.entries(patchOf(before, after))) {
    if (v === null) delete merged[k];
    else merged[k] = v;
  }
  expect(merged).toEqual({ api_key: 'b', keep: 'theirs', extra: 'x', region: 'eu' });
  expect(patchOf(before, before)).toEqual({});
});
