/**
 * The refused-variable list and the secret-to-variables rule: every listed
 * name and prefix is refused in any letter case, for own and shared secrets,
 * directly or through SECRETNAME_KEY; no last-wins.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { isRefusedEnv, REFUSED_ENV_NAMES, REFUSED_ENV_PREFIXES } from './env-policy.ts';
import { byPrecedence, envPrefix, mergeEnv, secretEnv } from './secret-env.ts';

const ISSUE_NAMES = [
  'PATH', 'LD_PRELOAD', 'LD_LIBRARY_PATH', 'DYLD_INSERT_LIBRARIES', 'BASH_ENV', 'ENV', 'BASH_FUNC_ls%%', 'PROMPT_COMMAND', 'PS1', 'PS2',
  'PS3', 'PS4', 'IFS', 'SHELLOPTS', 'HOME', 'SHELL', 'TMPDIR', 'NODE_OPTIONS', 'NODE_PATH', 'PYTHONPATH', 'PYTHONSTARTUP', 'PYTHONHOME',
  'PERL5LIB', 'PERL5OPT', 'RUBYOPT', 'RUBYLIB', 'JAVA_TOOL_OPTIONS', '_JAVA_OPTIONS', 'JDK_JAVA_OPTIONS', 'CLASSPATH', 'GCONV_PATH',
  'GIT_SSH', 'GIT_SSH_COMMAND', 'GIT_EXEC_PATH', 'GIT_CONFIG_COUNT', 'GIT_CONFIG_KEY_0', 'SSL_CERT_FILE', 'SSL_CERT_DIR',
  'REQUESTS_CA_BUNDLE', 'CURL_CA_BUNDLE', 'NODE_EXTRA_CA_CERTS', 'NODE_TLS_REJECT_UNAUTHORIZED', 'HTTP_PROXY', 'HTTPS_PROXY',
  'ALL_PROXY', 'NO_PROXY', 'PIP_INDEX_URL', 'NPM_CONFIG_REGISTRY', 'UV_INDEX_URL', 'CONDA_PREFIX', 'EDITOR', 'VISUAL', 'PAGER',
  'LESSOPEN', 'BROWSER', 'LATCHKEY_SERVER',
];

/** Every listed name, and each prefix followed by something. */
const listed = fc.oneof(
  fc.constantFrom(...REFUSED_ENV_NAMES, ...ISSUE_NAMES),
  fc.tuple(fc.constantFrom(...REFUSED_ENV_PREFIXES), fc.stringMatching(/^[A-Za-z0-9_]{0,12}$/)).map(([p, rest]) => p + rest),
);
/** Random letter case of a name. */
const caseVariant = (name: string) =>
  fc.array(fc.boolean(), { minLength: name.length, maxLength: name.length }).map((flips) =>
    [...name].map((c, i) => (flips[i] ? c.toLowerCase() : c.toUpperCase())).join(''));
const listedAnyCase = listed.chain(caseVariant);

describe('refused variables', () => {
  test('every name the issue lists is refused', () => {
    for (const name of ISSUE_NAMES) expect(isRefusedEnv(name), name).toBe(true);
  });

  test('provider credentials and ordinary keys are not', () => {
    for (const name of ['OPENAI_API_KEY', 'AWS_ACCESS_KEY_ID', 'HF_TOKEN', 'KUBECONFIG', 'GOOGLE_APPLICATION_CREDENTIALS', 'DB_URL', 'PGPASSWORD', 'PATHS_FILE']) {
      expect(isRefusedEnv(name), name).toBe(false);
    }
  });

  test('no secret, own or shared, sets a listed variable in any letter case (direct key, value never shown)', () => {
    fc.assert(fc.property(listedAnyCase, fc.boolean(), fc.string(), (name, shared, value) => {
      const { vars, refused } = secretEnv({ address: shared ? 'mallory:tools' : 'tools', provider: null, values: { [name]: value }, shared });
      for (const set of Object.keys(vars)) expect(isRefusedEnv(set)).toBe(false);
      if (/^[A-Z_][A-Z0-9_]*$/.test(name) && !shared) expect(refused.join('\n')).toContain(name);
      if (value.length > 3) expect(refused.join('\n')).not.toContain(value);
    }));
  });

  test('SECRETNAME_KEY collisions are refused too: a secret "ld" with key "preload" is not LD_PRELOAD', () => {
    fc.assert(fc.property(listed, fc.boolean(), (name, shared) => {
      const split = name.indexOf('_', 1);
      fc.pre(split > 0 && split < name.length - 1);
      const [secretName, key] = [name.slice(0, split), name.slice(split + 1)];
      fc.pre(/^[A-Za-z0-9]+$/.test(secretName));
      const address = shared ? `mallory:${secretName.toLowerCase()}` : secretName.toLowerCase();
      const { vars, refused } = secretEnv({ address, provider: null, values: { [key.toLowerCase()]: 'x' }, shared });
      for (const set of Object.keys(vars)) expect(isRefusedEnv(set), set).toBe(false);
      expect(Object.keys(vars).length + refused.length).toBeLessThanOrEqual(1);
    }));
    const ld = secretEnv({ address: 'mallory:ld', provider: null, values: { preload: '/tmp/x.so' }, shared: true });
    expect(ld.vars).toEqual({});
    expect(ld.refused).toEqual(['mallory:ld sets LD_PRELOAD, a variable that changes which code runs; not set']);
  });

  test('--allow-env lifts the list for own secrets only', () => {
    const allow = new Set(['PATH']);
    expect(secretEnv({ address: 'tools', provider: null, values: { PATH: '/opt/bin' }, shared: false }, allow).vars).toEqual({ PATH: '/opt/bin' });
    expect(secretEnv({ address: 'mallory:path', provider: null, values: { '': 'x' }, shared: true }, allow).vars).toEqual({});
    expect(secretEnv({ address: 'mallory:x', provider: null, values: { PATH: '/evil' }, shared: true }, allow).vars).toEqual({ X_PATH: '/evil' });
  });
});

describe('which names a secret sets', () => {
  test('shared custom secrets set only SECRETNAME_KEY; own ones keep upper-case keys', () => {
    const values = { AWS_ACCESS_KEY_ID: 'a', url: 'u' };
    expect(secretEnv({ address: 'cloud', provider: null, values, shared: false }).vars).toEqual({ AWS_ACCESS_KEY_ID: 'a', CLOUD_URL: 'u' });
    expect(secretEnv({ address: 'mallory:cloud', provider: null, values, shared: true }).vars).toEqual({ CLOUD_AWS_ACCESS_KEY_ID: 'a', CLOUD_URL: 'u' });
  });

  test('shared provider secrets set only what the provider declares', () => {
    const { vars } = secretEnv({ address: 'mallory:openai', provider: 'openai', values: { api_key: 'k', PATH: '/evil' }, shared: true });
    expect(vars).toEqual({ OPENAI_API_KEY: 'k' });
  });

  test('envPrefix takes the last folder and drops an owner', () => {
    expect(envPrefix('alice:team/db-main')).toBe('DB_MAIN');
    expect(envPrefix('9lives')).toBe('_9LIVES');
  });
});

describe('no last-wins', () => {
  test('the first secret keeps a variable, in any letter case; the loser is named', () => {
    const merged = mergeEnv([
      { address: 'aws', vars: { AWS_ACCESS_KEY_ID: 'mine' } },
      { address: 'alice:cloud', vars: { AWS_ACCESS_KEY_ID: 'alice', aws_access_key_id: 'lower' } },
    ]);
    expect(merged.vars).toEqual({ AWS_ACCESS_KEY_ID: 'mine' });
    expect(merged.conflicts).toEqual([
      'alice:cloud sets AWS_ACCESS_KEY_ID, already set by aws',
      'alice:cloud sets aws_access_key_id, already set by aws',
    ]);
  });

  test('own secrets first, then shares by acceptance time, pending last', () => {
    const items = [
      { id: 'late', shared: true, acceptedAt: 20 },
      { id: 'pending', shared: true, acceptedAt: null },
      { id: 'own', shared: false, acceptedAt: null },
      { id: 'early', shared: true, acceptedAt: 10 },
    ];
    expect(byPrecedence(items).map((i) => i.id)).toEqual(['own', 'early', 'late', 'pending']);
  });
});
