import { mkdtemp, readFile, rm, stat, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseArgs, renderHelp } from './args.ts';
import { describeError, UsageError } from './errors.ts';
import { dotenvQuote, formatExport, k8sName, shellQuote } from './export-format.ts';
import { LedgerCorruptError, ledgerPath, readLedger, recordInLedger, writeLedger } from './ledger.ts';
import { Output, wantsColor } from './output.ts';
import { findProjectConfig } from './project-config.ts';
import { Prompter } from './prompt.ts';
import { COMMANDS, findCommand } from './specs.ts';
import { execFileSync } from 'node:child_process';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'latchkey-cli-unit-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('argument parser', () => {
  const spec = findCommand('set')!;
  test('positionals, variadic, flags with = and space, --no-', () => {
    const a = parseArgs(spec, ['db', 'a=1', 'b=2', '--provider=openai', '--no-replace']);
    expect(a.positionals).toEqual({ NAME: 'db', 'KEY=VALUE': ['a=1', 'b=2'] });
    expect(a.flags).toEqual({ provider: 'openai', replace: false });
    const b = parseArgs(spec, ['--provider', 'aws', 'x', 'k=v']);
    expect(b.flags.provider).toBe('aws');
  });
  test('usage errors name the problem', () => {
    expect(() => parseArgs(spec, [])).toThrow(/missing NAME/);
    expect(() => parseArgs(spec, ['db'])).toThrow(/missing KEY=VALUE/);
    expect(() => parseArgs(spec, ['db', 'a=1', '--bogus'])).toThrow(/unknown option --bogus/);
    expect(() => parseArgs(spec, ['db', 'a=1', '--provider'])).toThrow(/--provider needs a value/);
    expect(() => parseArgs(findCommand('ls')!, ['extra'])).toThrow(/"latchkey ls" takes 0 arguments, got 1/);
    // A passphrase typed after the handle must not be echoed to the terminal (or a CI log).
    const extra = (() => {
      try {
        parseArgs(findCommand('login')!, ['alice', 'hunter2-passphrase']);
      } catch (e) {
        return describeError(e);
      }
      return null;
    })();
    expect(extra?.exitCode).toBe(2);
    expect(extra?.line).toMatch(/"latchkey login" takes 1 argument, got 2/);
    expect(extra?.line).not.toContain('hunter2');
    const set = findCommand('set')!;
    expect(() => parseArgs(set, ['db', 'a=1', '-sk-live-123'])).toThrow(/unknown option -s\.\.\. \(12 characters, not shown\)/);
    expect(() => parseArgs(set, ['db', 'a=1', '-sk-live-123'])).not.toThrow(/live-123/);
    expect(() => parseArgs(set, ['db', 'a=1', '-z'])).toThrow(/unknown option -z for/);
    expect(() => parseArgs(set, ['db', 'a=1', '--', 'k=sk-live-123'])).toThrow(/takes nothing after "--"/);
    expect(() => parseArgs(set, ['db', 'a=1', '--', 'k=sk-live-123'])).not.toThrow(/live-123/);
    try {
      parseArgs(spec, []);
    } catch (e) {
      expect(e).toBeInstanceOf(UsageError);
      expect(describeError(e)).toEqual({ line: 'latchkey: error: missing NAME for "latchkey set" (see "latchkey set --help")', exitCode: 2 });
    }
  });
  test('repeatable flags and passthrough after --', () => {
    const a = parseArgs(findCommand('run')!, ['--secret', 'a', '--secret=b', '--', 'node', '--version', '--secret']);
    expect(a.flags.secret).toEqual(['a', 'b']);
    expect(a.rest).toEqual(['node', '--version', '--secret']);
    expect(() => parseArgs(findCommand('ls')!, ['--', 'x'])).toThrow(/takes nothing after "--"/);
  });
  test('short alias and help', () => {
    expect(parseArgs(findCommand('logout')!, ['-y']).flags.yes).toBe(true);
    expect(parseArgs(spec, ['--help']).help).toBe(true);
  });
  test('every command has help with an example', () => {
    for (const c of COMMANDS) {
      const help = renderHelp(findCommand(c.name)!);
      expect(help).toContain(`Usage: latchkey ${c.name}`);
      expect(help).toMatch(/Examples?:\n  latchkey|Examples?:\n  export|Examples?:\n  LATCHKEY/);
    }
  });
});

describe('errors', () => {
  test('SDK-shaped errors get a what-to-do hint', () => {
    const network = Object.assign(new Error('x'), { code: 'network', server: 'http://127.0.0.1:9' });
    expect(describeError(network).line).toBe(
      'latchkey: error: cannot reach the latchkey server at http://127.0.0.1:9 (start it with "latchkey serve" (or npm start), or pass --server URL / set LATCHKEY_SERVER)',
    );
    const limited = Object.assign(new Error('too many failed logins for "a"; try again in 60 s'), { code: 'rate-limited', retryAfter: 60 });
    expect(describeError(limited).line).toContain('wait 60 s');
    expect(describeError(new Error('boom')).exitCode).toBe(1);
    const providerConflict = Object.assign(new Error('~/.aws/credentials holds different values'), { code: 'conflict', name: 'ProviderConflictError' });
    expect(describeError(providerConflict).line).toContain('latchkey pull --overwrite NAME');
    const readOnly = Object.assign(new Error('you can only read "alice:openai"; ask alice for write access'), { code: 'auth' });
    expect(describeError(readOnly).line).toMatch(/\(this needs access you do not have; ask the owner\)$/);
  });
});

describe('export formats', () => {
  const vars = [
    { name: 'PLAIN', value: 'abc-123' },
    { name: 'TRICKY', value: `it's "quoted" $HOME\nline2` },
    { name: 'EMPTY', value: '' },
  ];
  test('shell quoting survives a real shell', () => {
    const script = `${formatExport('shell', vars)}printf '%s|' "$PLAIN" "$TRICKY" "$EMPTY"`;
    const out = execFileSync('sh', ['-c', script], { encoding: 'utf8', env: { PATH: process.env.PATH } });
    expect(out).toBe(`abc-123|it's "quoted" $HOME\nline2||`);
    expect(shellQuote("a'b")).toBe(`'a'\\''b'`);
  });
  test('dotenv, json and k8s', () => {
    expect(formatExport('dotenv', vars)).toBe(`PLAIN=abc-123\nTRICKY="it's \\"quoted\\" \\$HOME\\nline2"\nEMPTY=''\n`);
    expect(dotenvQuote('a b')).toBe(`'a b'`);
    expect(JSON.parse(formatExport('json', vars))).toEqual({ PLAIN: 'abc-123', TRICKY: vars[1]!.value, EMPTY: '' });
    const k8s = formatExport('k8s', vars, 'My_Secret!');
    expect(k8s).toContain('kind: Secret\nmetadata:\n  name: my-secret\n');
    const line = k8s.split('\n').find((l) => l.startsWith('  TRICKY: '))!;
    expect(Buffer.from(line.slice(10), 'base64').toString('utf8')).toBe(vars[1]!.value);
    expect(k8sName('---')).toBe('latchkey-secret');
  });
});

describe('ledger', () => {
  const record = (path: string) => ({
    v: 1 as const,
    provider: 'aws',
    at: 1,
    files: [{ path, codec: 'ini' as const, action: 'created' as const, created: true, createdDirs: [], backup: null, selector: null, fileKeys: [], writtenSha256: null, partSha256: null, compareKeys: [], mode: 0o600 }],
    env: null,
  });
  test('round-trips with mode 0600 and merges the env-file entry', async () => {
    const home = join(dir, 'lk1');
    expect((await readLedger(home)).entries).toEqual([]);
    await recordInLedger(home, [{ kind: 'provider', secret: 'aws', record: record('/h/.aws/credentials') }, { kind: 'env-file', path: '/lk/env', secrets: ['openai'] }]);
    await recordInLedger(home, [{ kind: 'env-file', path: '/lk/env', secrets: ['anthropic', 'openai'] }]);
    const ledger = await readLedger(home);
    expect(ledger.entries.map((e) => e.kind)).toEqual(['provider', 'env-file']);
    expect(ledger.entries[1]).toEqual({ kind: 'env-file', path: '/lk/env', secrets: ['anthropic', 'openai'] });
    expect((await stat(ledgerPath(home))).mode & 0o777).toBe(0o600);
  });
  test('an edited, truncated or re-pointed ledger is refused', async () => {
    const home = join(dir, 'lk2');
    await writeLedger(home, { v: 1, entries: [{ kind: 'provider', secret: 'aws', record: record('/h/.aws/credentials') }] });
    const good = await readFile(ledgerPath(home), 'utf8');
    await writeFile(ledgerPath(home), good.replace('/h/.aws/credentials', '/etc/passwd'));
    await expect(readLedger(home)).rejects.toThrow(LedgerCorruptError);
    await writeFile(ledgerPath(home), good.slice(0, 40));
    await expect(readLedger(home)).rejects.toThrow(/not valid JSON/);
    await writeFile(ledgerPath(home), good);
    expect((await readLedger(home)).entries).toHaveLength(1);
  });
});

describe('latchkey.json lookup', () => {
  test('found in a parent folder; bad shapes explained', async () => {
    const root = join(dir, 'proj');
    await mkdir(join(root, 'a', 'b'), { recursive: true });
    expect(await findProjectConfig(join(root, 'a', 'b'))).toBeNull();
    await writeFile(join(root, 'latchkey.json'), JSON.stringify({ secrets: ['openai', 'aws', 'openai'] }));
    expect(await findProjectConfig(join(root, 'a', 'b'))).toEqual({ path: join(root, 'latchkey.json'), secrets: ['openai', 'aws'] });
    await writeFile(join(root, 'a', 'latchkey.json'), '{"secrets": "openai"}');
    await expect(findProjectConfig(join(root, 'a', 'b'))).rejects.toThrow(/no "secrets" list/);
  });
});

describe('output', () => {
  const sink = () => {
    let text = '';
    return { write: (t: string) => void (text += t), get text() { return text; }, isTTY: true };
  };
  test('colour only on a TTY and without NO_COLOR', () => {
    expect(wantsColor({ write() {}, isTTY: true }, {})).toBe(true);
    expect(wantsColor({ write() {}, isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(wantsColor({ write() {}, isTTY: false }, {})).toBe(false);
  });
  test('tables align and neutralise control characters', () => {
    const out = sink();
    new Output(out, sink(), { NO_COLOR: '1' }).table(
      [{ a: 'x', b: 'yy' }, { a: 'long\u001b[2J', b: 'z' }],
      [{ header: 'A', value: (r) => r.a }, { header: 'B', value: (r) => r.b }],
    );
    expect(out.text).toBe('A         B\nx         yy\nlong?[2J  z\n');
  });
});

describe('prompter on a pipe', () => {
  test('reads lines in order across questions; Enter means yes', async () => {
    const input = new PassThrough();
    const prompts = { text: '', write(t: string) { this.text += t; } };
    const p = new Prompter(Object.assign(input, { isTTY: false }), prompts);
    input.write('\nn\nmaybe\nyes\n');
    input.end();
    expect(await p.confirm('One?')).toBe(true);
    expect(await p.confirm('Two?')).toBe(false);
    expect(await p.confirm('Three?')).toBe(true);
    expect(prompts.text).toContain('Please answer y or n.');
    await expect(p.confirm('Four?')).rejects.toMatchObject({ hint: expect.stringMatching(/pass --yes/), exitCode: 2 });
    expect(await p.confirm('Five?', { whenNoAnswer: false })).toBe(false);
    p.close();
  });
  test('passphrase from stdin, env, or refusal without a terminal', async () => {
    const input = new PassThrough();
    const p = new Prompter(Object.assign(input, { isTTY: false }), { write() {} });
    input.end('s3cret pass\r\n');
    expect(await p.passphrase('P: ', { fromStdin: true, env: {} })).toBe('s3cret pass');
    expect(await p.passphrase('P: ', { fromStdin: false, env: { LATCHKEY_PASSPHRASE: 'envpass' } })).toBe('envpass');
    await expect(p.passphrase('P: ', { fromStdin: false, env: {} })).rejects.toMatchObject({ hint: expect.stringMatching(/LATCHKEY_PASSPHRASE/) });
    p.close();
  });
  test('hidden prompt handles backspace and never echoes', async () => {
    const input = new PassThrough();
    const modes: boolean[] = [];
    const prompts = { text: '', write(t: string) { this.text += t; } };
    const tty = Object.assign(input, { isTTY: true, setRawMode: (m: boolean) => modes.push(m) });
    const p = new Prompter(tty, prompts);
    const answer = p.passphrase('Passphrase: ', { fromStdin: false, env: {} });
    input.write('hunter2x\u007f\u001b[D\r');
    expect(await answer).toBe('hunter2');
    expect(modes).toEqual([true, false]);
    expect(prompts.text).toBe('Passphrase: \n');
    p.close();
  });
});

describe('httpFetch', () => {
  test('status, headers, JSON body, request body; connection errors carry the code', async () => {
    const { createServer } = await import('node:http');
    const { httpFetch } = await import('./http-fetch.ts');
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c));
      req.on('end', () => {
        res.writeHead(req.url === '/limited' ? 429 : 200, { 'content-type': 'application/json', 'retry-after': '7' });
        res.end(JSON.stringify({ method: req.method, auth: req.headers.authorization ?? null, body }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as { port: number }).port;
    try {
      const ok = await httpFetch(`http://127.0.0.1:${port}/x`, { method: 'POST', headers: { authorization: 'Bearer t' }, body: '{"a":1}' });
      expect(ok.ok).toBe(true);
      expect(await ok.json()).toEqual({ method: 'POST', auth: 'Bearer t', body: '{"a":1}' });
      const limited = await httpFetch(`http://127.0.0.1:${port}/limited`, { method: 'GET' });
      expect([limited.ok, limited.status, limited.headers.get('Retry-After')]).toEqual([false, 429, '7']);
    } finally {
      await new Promise((r) => server.close(r));
    }
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const closedPort = (closed.address() as { port: number }).port;
    await new Promise((r) => closed.close(r));
    const refused = await httpFetch(`http://127.0.0.1:${closedPort}/`, {}).catch((e: unknown) => e);
    expect((refused as { cause?: { code?: string } }).cause?.code).toBe('ECONNREFUSED');
  });
});
