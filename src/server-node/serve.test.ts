import { expect, test } from 'vitest';
import { InvalidPortError, SERVE_DEFAULTS, serveSettings } from './serve.ts';

test('flags win over the environment, which wins over the defaults', () => {
  expect(serveSettings({}, {}, '/work')).toEqual({ port: 8787, host: '127.0.0.1', dataDir: '/work/.latchkey-data', bench: false });
  const env = { PORT: '9000', HOST: '0.0.0.0', LATCHKEY_DATA: '/srv/lk', ALLOWED_ORIGINS: 'https://a.example', LATCHKEY_BENCH: '1' };
  expect(serveSettings({}, env, '/work')).toEqual({ port: 9000, host: '0.0.0.0', dataDir: '/srv/lk', bench: true, allowedOrigins: 'https://a.example' });
  expect(serveSettings({ port: '0', host: '::1', data: 'd' }, env, '/work')).toMatchObject({ port: 0, host: '::1', dataDir: '/work/d' });
  expect(SERVE_DEFAULTS.port).toBe('8787');
});

test('a port that is not a whole number from 0 to 65535 is refused', () => {
  for (const port of ['65536', '-1', '1e3', '', ' 80', '0x50', '123456']) {
    expect(() => serveSettings({ port }, {}, '/'), port).toThrow(InvalidPortError);
  }
  expect(serveSettings({ port: '65535' }, {}, '/').port).toBe(65535);
});
