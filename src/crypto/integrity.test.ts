import { createHash } from 'node:crypto';
import { expect, test } from 'vitest';
import { fileIntegrity } from './integrity.ts';

test('fileIntegrity gives hex SHA-256 and a sha384 SRI string, as node:crypto computes them', async () => {
  for (const bytes of [new Uint8Array(0), new TextEncoder().encode('export default 1;\n'), new Uint8Array(300_000).fill(0xab)]) {
    expect(await fileIntegrity(bytes)).toEqual({
      sha256: createHash('sha256').update(bytes).digest('hex'),
      sri: `sha384-${createHash('sha384').update(bytes).digest('base64')}`,
    });
  }
});
