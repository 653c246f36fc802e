import { expect, test } from 'vitest';
import { generateDeviceKey, importDeviceKey, openWithDeviceKey, sealWithDeviceKey } from './device-seal.ts';

test('device sealing round-trips and refuses altered bytes, another label, another key and truncation', async () => {
  const key = await importDeviceKey(new Uint8Array(32).fill(7));
  const plain = new TextEncoder().encode('session token');
  const sealed = await sealWithDeviceKey(key, plain, 'session');
  expect(sealed.length).toBe(12 + plain.length + 16);
  expect(await openWithDeviceKey(key, sealed, 'session')).toEqual(plain);
  // Random IVs: sealing twice gives different bytes.
  expect(await sealWithDeviceKey(key, plain, 'session')).not.toEqual(sealed);
  const flipped = sealed.slice();
  flipped[20]! ^= 1;
  await expect(openWithDeviceKey(key, flipped, 'session')).rejects.toMatchObject({ code: 'decrypt-failed' });
  await expect(openWithDeviceKey(key, sealed, 'keyring')).rejects.toMatchObject({ code: 'decrypt-failed' });
  await expect(openWithDeviceKey(await generateDeviceKey(), sealed, 'session')).rejects.toMatchObject({ code: 'decrypt-failed' });
  await expect(openWithDeviceKey(key, sealed.subarray(0, 27), 'session')).rejects.toMatchObject({ code: 'bad-length' });
  await expect(importDeviceKey(new Uint8Array(16))).rejects.toMatchObject({ code: 'bad-length' });
});

test('the key is not extractable', async () => {
  const key = await generateDeviceKey();
  expect(key.extractable).toBe(false);
  await expect(crypto.subtle.exportKey('raw', key)).rejects.toThrow();
});
