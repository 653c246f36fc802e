/**
 * Codec details: line endings, continuation lines, macdef, TOML quoting, and
 * a property: write-then-remove of our part keeps the rest of any INI file.
 */
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { iniCodec, keyValueCodec, tomlCodec } from './ini.ts';
import { netrcCodec } from './netrc.ts';
import { dockerAuthCodec, jsonKeysCodec } from './json.ts';
import { tokenCodec } from './token.ts';
import { linesSurvive } from '../../../../test/helpers/provider-home.ts';

const AWS = ['aws_access_key_id', 'aws_secret_access_key', 'aws_session_token'];

describe('ini', () => {
  test('CRLF files stay CRLF', async () => {
    const text = '[a]\r\nx = 1\r\n';
    const out = await iniCodec.write(text, 'b', { y: '2' }, ['y'], 'f');
    expect(out).toBe('[a]\r\nx = 1\r\n\r\n[b]\r\ny = 2\r\n');
    expect(await iniCodec.read(out, 'b', 'f')).toEqual({ y: '2' });
  });
  test('replacing a key drops its continuation lines; other continuations stay', async () => {
    const text = '[default]\ns3 =\n  max_concurrent_requests = 20\naws_access_key_id = A\n  old continuation\naws_secret_access_key = B\n';
    const out = await iniCodec.write(text, 'default', { aws_access_key_id: 'N', aws_secret_access_key: 'M' }, AWS, 'f');
    expect(out).toBe('[default]\ns3 =\n  max_concurrent_requests = 20\naws_access_key_id = N\naws_secret_access_key = M\n');
  });
  test('a new key goes after the last key of the section, before the next section', async () => {
    const text = '[default]\naws_access_key_id = A\n\n# next\n[other]\nk = v\n';
    const out = await iniCodec.write(text, 'default', { aws_access_key_id: 'A', aws_session_token: 'T' }, AWS, 'f');
    expect(out).toBe('[default]\naws_access_key_id = A\naws_session_token = T\n\n# next\n[other]\nk = v\n');
  });
  test('values keep = signs and spacing is read loosely', async () => {
    expect(await iniCodec.read('[p]\nkey=a=b==\n  other :  x  \n', 'p', 'f')).toEqual({ key: 'a=b==' });
  });
  test('removal of the last keys removes the section', async () => {
    const text = '[a]\nx = 1\n\n[b]\ny = 2\n';
    expect(await iniCodec.remove(text, 'b', ['y'], 'f')).toBe('[a]\nx = 1\n');
    expect(await iniCodec.remove('[b]\ny = 2\n', 'b', ['y'], 'f')).toBeNull();
  });
  test('property: write then remove of a new section keeps every other line and all meaning', async () => {
    const name = fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/);
    const value = fc.stringMatching(/^[A-Za-z0-9/+=_-]{0,12}$/);
    const section = fc.record({ name, keys: fc.uniqueArray(fc.tuple(name, value), { selector: (t) => t[0], maxLength: 4 }), comment: fc.boolean(), blank: fc.boolean() });
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(section, { selector: (s) => s.name, maxLength: 4 }), fc.constantFrom('\n', '\r\n'), async (sections, eol) => {
        const text = sections.map((s) => [s.comment ? '# about' : null, `[${s.name}]`, ...s.keys.map(([k, v]) => `${k} = ${v}`), s.blank ? '' : null].filter((l) => l !== null).join(eol) + eol).join('');
        const target = 'latchkey_new';
        const written = await iniCodec.write(text, target, { aws_access_key_id: 'K' }, AWS, 'f');
        expect(linesSurvive(text, written)).toBe(true);
        for (const s of sections) expect(await iniCodec.read(written, s.name, 'f')).toEqual(Object.fromEntries(s.keys));
        const removed = await iniCodec.remove(written, target, AWS, 'f');
        for (const s of sections) expect(await iniCodec.read(removed ?? '', s.name, 'f')).toEqual(Object.fromEntries(s.keys));
        expect(await iniCodec.read(removed ?? '', target, 'f')).toBeNull();
      }),
      { numRuns: 150 },
    );
  });
});

describe('toml and key = value', () => {
  test('toml reads bare, basic and literal strings, writes basic strings', async () => {
    const text = '[p]\na = "x\\ty"\nb = \'lit\\eral\'\nc = true\n';
    expect(await tomlCodec.read(text, 'p', 'f')).toEqual({ a: 'x\ty', b: 'lit\\eral', c: 'true' });
    expect(await tomlCodec.write(null, 'my profile', { token_id: 'é"' }, ['token_id'], 'f')).toBe('["my profile"]\ntoken_id = "é\\""\n');
  });
  test('key = value files refuse sections and keep comments', async () => {
    await expect(keyValueCodec.read('[x]\na = b\n', null, 'f')).rejects.toThrow(/section/);
    expect(await keyValueCodec.write('# c\na = 1\n', null, { api_key: 'k' }, ['api_key'], 'f')).toBe('# c\na = 1\napi_key = k\n');
  });
});

describe('netrc', () => {
  test('macdef bodies are skipped, not parsed', async () => {
    const text = 'machine ftp login u password p\nmacdef init\ncd /pub\nbinary\n\nmachine api.wandb.ai login user password k\n';
    expect(await netrcCodec.read(text, 'api.wandb.ai', 'f')).toEqual({ login: 'user', password: 'k' });
    const out = await netrcCodec.remove(text, 'api.wandb.ai', ['login', 'password'], 'f');
    expect(out).toBe('machine ftp login u password p\nmacdef init\ncd /pub\nbinary\n\n');
  });
  test('a single-line entry is replaced in place; the next entry and comments stay', async () => {
    const text = 'machine api.wandb.ai login user password old\n# keep me\nmachine other login a password b\n';
    const out = await netrcCodec.write(text, 'api.wandb.ai', { login: 'user', password: 'new' }, ['login', 'password'], 'f');
    expect(out).toBe('machine api.wandb.ai\n  login user\n  password new\n# keep me\nmachine other login a password b\n');
  });
  test('other keys of our machine (account) survive an overwrite', async () => {
    const out = await netrcCodec.write('machine m login a password b account c\n', 'm', { login: 'user', password: 'n' }, ['login', 'password'], 'f');
    expect(await netrcCodec.read(out, 'm', 'f')).toEqual({ login: 'user', password: 'n', account: 'c' });
  });
});

describe('json and token', () => {
  test('docker auth with unicode and colons in the password', async () => {
    const out = await dockerAuthCodec.write(null, null, { username: 'ü', password: 'a:b' }, [], 'f');
    expect(await dockerAuthCodec.read(out, null, 'f')).toEqual({ username: 'ü', password: 'a:b', server: 'https://index.docker.io/v1/' });
    await expect(dockerAuthCodec.write(null, null, { username: 'a:b', password: 'x' }, [], 'f')).rejects.toThrow(/":"/);
  });
  test('json keys keep compact style and other keys', async () => {
    expect(await jsonKeysCodec.write('{"a":1}', null, { key: 'k' }, ['key'], 'f')).toBe('{"a":1,"key":"k"}');
  });
  test('token: trailing newlines stripped; multi-line tokens refused', async () => {
    expect(await tokenCodec.read('hf_x\r\n\n', null, 'f')).toEqual({ '*': 'hf_x' });
    await expect(tokenCodec.write(null, null, { '*': 'a\nb' }, [], 'f')).rejects.toThrow(/one non-empty line/);
  });
});

describe('json error positions', () => {
  test('agree with JSON.parse on what is valid', async () => {
    const { jsonErrorOffset } = await import('./json-position.ts');
    fc.assert(
      fc.property(fc.oneof(fc.json(), fc.string({ maxLength: 30 })), (text) => {
        let ok = true;
        try {
          JSON.parse(text);
        } catch {
          ok = false;
        }
        expect(jsonErrorOffset(text) === null).toBe(ok);
      }),
      { numRuns: 400 },
    );
    expect(jsonErrorOffset('{"a": 1,\n}')).toBe(9);
  });
});

test('an INI section name that would leave its header line is refused, nothing written', async () => {
  const ini = iniCodec;
  for (const name of ['x]\ncredential_process = /bin/sh -c id\n[y', 'a\rb', 'p[1]', 'tab\there']) {
    await expect(ini.write('[default]\nk = v\n', name, { aws_access_key_id: 'AKIA' }, [], '~/.aws/credentials')).rejects.toThrow(
      /section \(profile\) name may not contain/,
    );
  }
  expect(await ini.write('', 'ml-prod_2', { k: 'v' }, [], 'f')).toContain('[ml-prod_2]');
});
