/**
 * The one command table: every command's name, flags, positionals, help, its
 * handler loader and whether it talks to a server. Help, dispatch and the
 * shared `--server` flag all derive from it. Handlers live in commands/ and
 * are imported only when their command runs, so parsing and `--help` never
 * load the SDK.
 * @module
 */
import type { CommandSpec, FlagSpec } from './args.ts';

const server: Record<string, FlagSpec> = {
  server: { type: 'string', value: 'URL', description: 'latchkey server (default: LATCHKEY_SERVER, the saved one, or http://127.0.0.1:8787)' },
};
const json: Record<string, FlagSpec> = { json: { type: 'boolean', description: 'print JSON instead of a table' } };
const yes: Record<string, FlagSpec> = { yes: { type: 'boolean', short: 'y', description: 'answer yes to every question' } };
const passphrase: Record<string, FlagSpec> = {
  'passphrase-stdin': { type: 'boolean', description: 'read the passphrase from the first line of stdin (else LATCHKEY_PASSPHRASE, else a hidden prompt)' },
};
const secretKeyStdin: Record<string, FlagSpec> = {
  'secret-key-stdin': { type: 'boolean', description: 'read the Secret Key from the next line of stdin (else LATCHKEY_SECRET_KEY, else a hidden prompt)' },
};
const allowEnv: Record<string, FlagSpec> = {
  'allow-env': {
    type: 'strings', value: 'NAME',
    description: 'set NAME from your own secret although it changes which code runs (PATH, LD_PRELOAD, ...; never for shares)',
  },
};
const placement: Record<string, FlagSpec> = {
  pull: { type: 'boolean', description: 'download your secrets and accepted shares into their places (--no-pull: do not ask)' },
  push: { type: 'boolean', description: 'upload provider credentials found on this machine that the account lacks (--no-push: do not ask)' },
};

/** All commands, by full name. */
export const COMMANDS: readonly CommandSpec[] = [
  {
    name: 'serve',
    run: () => import('./commands/serve.ts').then((m) => m.serve),
    summary: 'Run the local latchkey server (npm start runs this command).',
    details:
      'Stores ciphertext only, in a folder on disk. Stop it with Ctrl-C. Needs the optional package\n' +
      'miniflare, installed where latchkey is. Also reads ALLOWED_ORIGINS and LATCHKEY_BENCH=1.',
    positionals: [],
    flags: {
      port: { type: 'string', value: 'N', description: 'port to listen on (default: PORT, else 8787)' },
      host: { type: 'string', value: 'HOST', description: 'address to listen on (default: HOST, else 127.0.0.1)' },
      data: { type: 'string', value: 'DIR', description: 'data folder (default: LATCHKEY_DATA, else ./.latchkey-data)' },
    },
    examples: ['latchkey serve --port 8787 --data ./.latchkey-data'],
  },
  {
    name: 'signup',
    run: () => import('./commands/account.ts').then((m) => m.signup),
    summary: 'Create an account and log in.',
    details:
      'The passphrase (zxcvbn strength 3 of 4 or more) and a new random Secret Key never leave this machine: together\n' +
      'they derive the login key and the key that encrypts your private keys. The emergency kit with the Secret Key\n' +
      'is shown once; this device keeps the key. There is no reset: lose either and the secrets are gone.',
    positionals: [{ name: 'HANDLE', required: true }],
    flags: { ...server, ...passphrase, ...placement, ...yes },
    examples: ['latchkey signup alice', 'LATCHKEY_PASSPHRASE=... latchkey signup alice --no-pull --no-push'],
  },
  {
    name: 'login',
    run: () => import('./commands/account.ts').then((m) => m.login),
    summary: 'Log in, then offer to put your secrets in place and to upload local credentials.',
    details:
      'With a handle, asks for the passphrase, and on a device without your Secret Key for that too (kept after).\n' +
      'With --token (or LATCHKEY_TOKEN), logs a machine in.\n' +
      'Everything login writes is recorded in the ledger so that "latchkey logout" can undo it.\n' +
      'Shares from other accounts are listed with the owner\'s fingerprint and asked about one by one (default No);\n' +
      '--yes and --pull never accept a share, and a pending share is never placed.',
    positionals: [{ name: 'HANDLE', required: false }],
    flags: {
      ...server,
      token: { type: 'string', value: 'TOKEN', description: 'machine token from "latchkey machine create" (or set LATCHKEY_TOKEN)' },
      ...passphrase,
      ...secretKeyStdin,
      ...placement,
      ...yes,
    },
    examples: ['latchkey login alice', 'LATCHKEY_SECRET_KEY="$(cat kit-key.txt)" latchkey login alice', 'latchkey login alice --pull --no-push --yes', 'latchkey login --token "$LATCHKEY_TOKEN" --pull --yes'],
  },
  {
    name: 'logout',
    run: () => import('./commands/logout.ts').then((m) => m.logout),
    server: true,
    summary: 'Undo what login and pull wrote (one question per item), then end the session.',
    details: 'Restores the files that were there before; never deletes ssh keys. A damaged ledger stops it before it changes anything.',
    positionals: [],
    flags: { ...yes, 'keep-files': { type: 'boolean', description: 'leave written files in place; only end the session' } },
    examples: ['latchkey logout', 'latchkey logout --yes'],
  },
  {
    name: 'whoami',
    run: () => import('./commands/account.ts').then((m) => m.whoami),
    server: true,
    summary: 'Show the logged-in account, its server and fingerprint.',
    positionals: [],
    flags: { ...json },
    examples: ['latchkey whoami'],
  },
  {
    name: 'secret-key',
    run: () => import('./commands/credentials.ts').then((m) => m.secretKey),
    server: true,
    summary: 'Print your Secret Key again (after the passphrase), or replace it with --rotate.',
    details:
      'On a terminal prints the emergency kit; piped, only the key on one line (what LATCHKEY_SECRET_KEY takes).\n' +
      '--rotate makes a new Secret Key (needs the passphrase and the current key, which this device keeps);\n' +
      'other devices then log in once with the new one.',
    positionals: [],
    flags: {
      rotate: { type: 'boolean', description: 'replace the Secret Key' },
      ...passphrase,
      ...secretKeyStdin,
    },
    examples: ['latchkey secret-key', 'latchkey secret-key > kit-key.txt', 'latchkey secret-key --rotate'],
  },
  {
    name: 'passwd',
    run: () => import('./commands/credentials.ts').then((m) => m.passwd),
    server: true,
    summary: 'Change your passphrase (re-seals your keyring; logs out your other sessions).',
    details: 'The new passphrase comes from a hidden prompt (typed twice) or LATCHKEY_NEW_PASSPHRASE, and must reach zxcvbn strength 3 of 4.',
    positionals: [],
    flags: { ...passphrase },
    examples: ['latchkey passwd', 'LATCHKEY_PASSPHRASE=... LATCHKEY_NEW_PASSPHRASE=... latchkey passwd'],
  },
  {
    name: 'verify',
    run: () => import('./commands/account.ts').then((m) => m.verify),
    server: true,
    summary: "Show or check another account's fingerprint, and pin its key card.",
    details: 'Compare the fingerprint with the person over another channel. Passing it checks it and\naccepts a changed key card for that account.',
    positionals: [{ name: 'HANDLE', required: true }, { name: 'FINGERPRINT', required: false, variadic: true }],
    flags: { ...json },
    examples: ['latchkey verify bob', 'latchkey verify bob "ABCD EFGH IJKL MNOP QRST UVWX YZ23 4567"'],
  },
  {
    name: 'set',
    run: () => import('./commands/secrets.ts').then((m) => m.set),
    server: true,
    summary: 'Create a secret or save a new version of it.',
    details: 'Each KEY=VALUE sets one value. VALUE "-" reads stdin (a hidden prompt on a terminal); "@path" reads a file.\nWith a provider (e.g. --provider openai) the keys are that provider\'s (api_key ...).',
    positionals: [{ name: 'NAME', required: true }, { name: 'KEY=VALUE', required: true, variadic: true }],
    flags: {
      provider: { type: 'string', value: 'P', description: 'provider of a new secret (see "latchkey providers")' },
      replace: { type: 'boolean', description: 'drop keys not given (default: keep the other keys)' },
    },
    examples: ['latchkey set openai api_key=- --provider openai < key.txt', 'latchkey set db url=postgres://... password=@./pw.txt'],
  },
  {
    name: 'get',
    run: () => import('./commands/secrets.ts').then((m) => m.get),
    server: true,
    summary: 'Print a secret (one KEY prints its bare value).',
    positionals: [{ name: 'NAME', required: true }, { name: 'KEY', required: false }],
    flags: { ...json, version: { type: 'string', value: 'N', description: 'an older version' } },
    examples: ['export OPENAI_API_KEY="$(latchkey get openai api_key)"', 'latchkey get aws --json'],
  },
  {
    name: 'ls',
    run: () => import('./commands/secrets.ts').then((m) => m.ls),
    server: true,
    summary: 'List the secrets you can read; shares you have not accepted are marked pending.',
    positionals: [],
    flags: { ...json },
    examples: ['latchkey ls', 'latchkey ls --json'],
  },
  {
    name: 'rm',
    run: () => import('./commands/secrets.ts').then((m) => m.rm),
    server: true,
    summary: 'Delete a secret and all its versions.',
    positionals: [{ name: 'NAME', required: true }],
    flags: { ...yes },
    examples: ['latchkey rm old-token --yes'],
  },
  {
    name: 'history',
    run: () => import('./commands/secrets.ts').then((m) => m.history),
    server: true,
    summary: 'List the versions of a secret.',
    positionals: [{ name: 'NAME', required: true }],
    flags: { ...json },
    examples: ['latchkey history openai'],
  },
  {
    name: 'rollback',
    run: () => import('./commands/secrets.ts').then((m) => m.rollback),
    server: true,
    summary: 'Save an older version again as the newest one.',
    positionals: [{ name: 'NAME', required: true }, { name: 'VERSION', required: true }],
    flags: {},
    examples: ['latchkey rollback openai 2'],
  },
  {
    name: 'share',
    run: () => import('./commands/sharing.ts').then((m) => m.share),
    server: true,
    summary: 'Let another account read (or with --write, update) a secret.',
    details:
      'With --fingerprint (what the grantee read to you over another channel) the share happens only if the\n' +
      'server presents exactly that key card. The grantee sees it as pending until they accept it.',
    positionals: [{ name: 'NAME', required: true }, { name: 'HANDLE', required: true }],
    flags: {
      write: { type: 'boolean', description: 'also allow saving new versions' },
      fingerprint: { type: 'string', value: 'FP', description: "the grantee's fingerprint (grouped or 16 words); refuse any other key card" },
    },
    examples: ['latchkey share openai bob --fingerprint "ABCD EFGH IJKL MNOP QRST UVWX YZ"', 'latchkey share aws carol --write'],
  },
  {
    name: 'accept',
    run: () => import('./commands/consent.ts').then((m) => m.accept),
    server: true,
    summary: 'Accept secrets shared with you, so pull and bare names use them.',
    details:
      'A share is pending until you accept it: it is not written to files, the env file or a command\'s environment,\n' +
      'and a bare name never means it (OWNER:NAME still loads it). Compare the owner\'s fingerprint first\n' +
      '(latchkey verify OWNER). --from accepts every present and future share of one account, bound to its key card.\n' +
      'Accepted or not, a share never sets a variable that changes which code runs (PATH, LD_*, NODE_OPTIONS, ...).',
    positionals: [{ name: 'OWNER:NAME', required: false, variadic: true }],
    flags: { from: { type: 'string', value: 'HANDLE', description: 'accept every share of this account, now and later' } },
    examples: ['latchkey accept alice:openai', 'latchkey accept --from alice'],
  },
  {
    name: 'decline',
    run: () => import('./commands/consent.ts').then((m) => m.decline),
    server: true,
    summary: 'Drop your access to a secret shared with you.',
    details: 'Deletes your grant and your copies of its key on the server; the owner can share it again.',
    positionals: [{ name: 'OWNER:NAME', required: true }],
    flags: {},
    examples: ['latchkey decline mallory:cloud'],
  },
  {
    name: 'unshare',
    run: () => import('./commands/sharing.ts').then((m) => m.unshare),
    server: true,
    summary: 'Stop sharing a secret with an account (rotate the credential upstream too).',
    positionals: [{ name: 'NAME', required: true }, { name: 'HANDLE', required: true }],
    flags: {},
    examples: ['latchkey unshare openai bob'],
  },
  {
    name: 'providers',
    run: () => import('./commands/providers.ts').then((m) => m.providers),
    summary: 'List known providers, whether credentials were found on this machine, and where.',
    positionals: [],
    flags: { ...json },
    examples: ['latchkey providers'],
  },
  {
    name: 'push',
    run: () => import('./commands/providers.ts').then((m) => m.push),
    server: true,
    summary: "Save this machine's credentials of each PROVIDER as a secret named after it.",
    positionals: [{ name: 'PROVIDER', required: true, variadic: true }],
    flags: {},
    examples: ['latchkey push aws huggingface'],
  },
  {
    name: 'pull',
    run: () => import('./commands/providers.ts').then((m) => m.pull),
    server: true,
    summary: 'Write secrets into their places (provider files and the env file); your own and accepted shares by default.',
    details:
      'Recorded in the ledger, so "latchkey logout" can undo it. Pending shares are never written (latchkey accept OWNER:NAME).\n' +
      'Your own secrets win over shares, earlier-accepted shares over later ones; what lost is named. --overwrite never\n' +
      'lets a share replace what is there, and no secret sets a variable that changes which code runs.',
    positionals: [{ name: 'NAME', required: false, variadic: true }],
    flags: { overwrite: { type: 'boolean', description: 'replace different values already in place (a backup is kept)' } },
    examples: ['latchkey pull', 'latchkey pull aws openai'],
  },
  {
    name: 'run',
    run: () => import('./commands/run.ts').then((m) => m.run),
    server: true,
    summary: "Run a command with secrets' environment variables set.",
    details:
      'Secrets come from --secret or from a latchkey.json { "secrets": [...] } in this or a parent folder.\n' +
      'File-based credentials (gcp, aws, kubernetes ...) are written to a private temp folder, pointed at by\n' +
      'their variables (GOOGLE_APPLICATION_CREDENTIALS, AWS_SHARED_CREDENTIALS_FILE, KUBECONFIG ...), and\n' +
      "removed when the command exits. The command's exit code and signals pass through.\n" +
      'Variables that change which code runs (PATH, LD_*, NODE_OPTIONS, proxies, ...) are never set from a\n' +
      'secret (a warning names them); when two secrets set one variable, your own wins, then the earliest accepted share.',
    positionals: [],
    flags: { secret: { type: 'strings', value: 'NAME', description: 'a secret to load' }, ...allowEnv },
    passthrough: true,
    examples: ['latchkey run --secret openai -- python train.py', 'latchkey run -- env   # secrets from ./latchkey.json'],
  },
  {
    name: 'export',
    run: () => import('./commands/export.ts').then((m) => m.exportCommand),
    server: true,
    summary: "Print secrets' environment variables in a format.",
    details: 'The same variables as "latchkey run": none that changes which code runs, no last-wins (a warning names what was left out).',
    positionals: [{ name: 'NAME', required: true, variadic: true }],
    flags: {
      format: { type: 'string', value: 'F', description: 'dotenv (default), json, shell or k8s (a Secret manifest)' },
      name: { type: 'string', value: 'K8S_NAME', description: 'metadata.name of the k8s Secret (default: the first secret name)' },
      ...allowEnv,
    },
    examples: ['latchkey export openai aws --format dotenv > .env', 'latchkey export openai --format k8s | kubectl apply -f -'],
  },
  {
    name: 'backup',
    run: () => import('./commands/backup.ts').then((m) => m.backup),
    server: true,
    summary: 'Write your secrets to a standard age file that the age tool can open without latchkey.',
    details:
      'Encrypted to your account\'s age identity (see "latchkey keys export-age") and any --to recipients, or to a\n' +
      'passphrase alone (LATCHKEY_BACKUP_PASSPHRASE, else asked twice). The file is written with mode 0600.\nFormat: docs/backups.md.',
    positionals: [{ name: 'NAME', required: false, variadic: true }],
    flags: {
      to: { type: 'strings', value: 'RECIPIENT', description: 'also encrypt to this age recipient (age1...)' },
      passphrase: { type: 'boolean', description: 'encrypt to a passphrase (scrypt, work factor 2^18) instead of recipients' },
      history: { type: 'boolean', description: 'every version of the secrets you own (default: the latest)' },
      armor: { type: 'boolean', description: 'ASCII-armored (PEM-like text) output' },
      pq: { type: 'boolean', description: 'encrypt to your post-quantum (ML-KEM-768 + X25519) age identity' },
      output: { type: 'string', short: 'o', value: 'FILE', description: 'file to write ("-": stdout; default latchkey-backup-HANDLE-TIME.age)' },
      force: { type: 'boolean', description: 'replace an existing FILE (the old one is kept as a copy)' },
    },
    examples: ['latchkey backup -o secrets.age', 'LATCHKEY_BACKUP_PASSPHRASE=... latchkey backup --passphrase --history -o all.age', 'latchkey backup openai --to age1... --armor -o openai.age'],
  },
  {
    name: 'restore',
    run: () => import('./commands/backup.ts').then((m) => m.restore),
    server: true,
    summary: 'Check a backup file and write the secrets you owned back to your account.',
    details:
      'Every signature, hash link and value is verified before anything is written; a damaged file writes nothing.\n' +
      'New secrets get every backed-up version; existing ones get the backed-up values as a new version.\n' +
      'Secrets others shared with you are listed, not restored.',
    positionals: [{ name: 'FILE', required: true }],
    flags: {
      'as-new': { type: 'boolean', description: 'never change an existing secret: restore a taken name as NAME.restored' },
      'dry-run': { type: 'boolean', description: 'only show what would be written' },
      identity: { type: 'strings', short: 'i', value: 'FILE', description: 'age identity file to decrypt with (default: your account)' },
      ...yes,
    },
    examples: ['latchkey restore secrets.age --dry-run', 'latchkey restore secrets.age -i identity.txt --yes'],
  },
  {
    name: 'keys export-age',
    run: () => import('./commands/backup.ts').then((m) => m.exportAge),
    server: true,
    summary: "Print your account's age identity (AGE-SECRET-KEY-1...), after asking for the passphrase.",
    details: 'Save it somewhere safe and offline: with it, "age -d -i identity.txt FILE" opens your backups without latchkey.',
    positionals: [],
    flags: { ...passphrase, pq: { type: 'boolean', description: 'also print the post-quantum identity (for --pq backups)' } },
    examples: ['latchkey keys export-age > identity.txt && chmod 600 identity.txt'],
  },
  {
    name: 'keys rotate',
    run: () => import('./commands/credentials.ts').then((m) => m.keysRotate),
    server: true,
    summary: 'Replace your account keys with new ones, signed by the old; re-sign every secret you own and its shares.',
    details:
      'The new key card names the old one and is signed by the old key, so people who pinned you accept it without a new\n' +
      'fingerprint check ("latchkey verify HANDLE" shows the chain). Your passphrase and Secret Key stay; other devices log in again.',
    positionals: [],
    flags: { ...passphrase },
    examples: ['latchkey keys rotate', 'LATCHKEY_PASSPHRASE=... latchkey keys rotate'],
  },
  {
    name: 'machine create',
    run: () => import('./commands/machine.ts').then((m) => m.machineCreate),
    server: true,
    summary: 'Create a machine identity (CI, a cluster, a notebook) and print its token once.',
    positionals: [{ name: 'NAME', required: true }],
    flags: { ...json },
    examples: ['latchkey machine create ci-runner', 'latchkey share openai alice.ci-runner   # machines are named OWNER.NAME'],
  },
  {
    name: 'machine ls',
    run: () => import('./commands/machine.ts').then((m) => m.machineLs),
    server: true,
    summary: 'List your machine identities.',
    positionals: [],
    flags: { ...json },
    examples: ['latchkey machine ls'],
  },
  {
    name: 'machine rm',
    run: () => import('./commands/machine.ts').then((m) => m.machineRm),
    server: true,
    summary: 'Delete a machine identity (its token stops working).',
    positionals: [{ name: 'NAME', required: true }],
    flags: { ...yes },
    examples: ['latchkey machine rm ci-runner'],
  },
  {
    name: 'group create',
    run: () => import('./commands/group.ts').then((m) => m.groupCreate),
    server: true,
    summary: 'Create a group (a team) with you as its admin; share secrets with it like with a person.',
    positionals: [{ name: 'NAME', required: true }],
    flags: {},
    examples: ['latchkey group create ml-team', 'latchkey share openai ml-team'],
  },
  {
    name: 'group add',
    run: () => import('./commands/group.ts').then((m) => m.groupAdd),
    server: true,
    summary: 'Add a member to a group (or, with --admin, make them an admin).',
    details: 'Admins only. The member reads every secret shared with the group through the group key.',
    positionals: [{ name: 'NAME', required: true }, { name: 'HANDLE', required: true }],
    flags: {
      admin: { type: 'boolean', description: 'make them an admin (admins add and remove members)' },
      fingerprint: { type: 'string', value: 'FP', description: "the member's fingerprint (grouped or 16 words); refuse any other key card" },
    },
    examples: ['latchkey group add ml-team bob', 'latchkey group add ml-team carol --admin --fingerprint "ABCD EFGH ..."'],
  },
  {
    name: 'group rm',
    run: () => import('./commands/group.ts').then((m) => m.groupRm),
    server: true,
    summary: 'Remove a member: new group keys, and every secret shared with the group is flagged rotate-upstream.',
    positionals: [{ name: 'NAME', required: true }, { name: 'HANDLE', required: true }],
    flags: {},
    examples: ['latchkey group rm ml-team bob'],
  },
  {
    name: 'group ls',
    run: () => import('./commands/group.ts').then((m) => m.groupLs),
    server: true,
    summary: 'Show a group (or every group you are in): members, roles, fingerprints, epoch.',
    positionals: [{ name: 'NAME', required: false }],
    flags: { ...json },
    examples: ['latchkey group ls', 'latchkey group ls ml-team --json'],
  },
  {
    name: 'group delete',
    run: () => import('./commands/group.ts').then((m) => m.groupDelete),
    server: true,
    summary: 'Delete a group; its members lose access to everything shared with it.',
    positionals: [{ name: 'NAME', required: true }],
    flags: { ...yes },
    examples: ['latchkey group delete ml-team --yes'],
  },
];

/** Looks a command up by its full name; adds the shared --server flag where it applies. */
export function findCommand(name: string): CommandSpec | undefined {
  const spec = COMMANDS.find((c) => c.name === name);
  if (!spec?.server) return spec;
  return { ...spec, flags: { ...spec.flags, ...server } };
}

/** Names of command groups that take a subcommand (`machine` of `machine create`). */
export const GROUPS = new Set(COMMANDS.filter((c) => c.name.includes(' ')).map((c) => c.name.split(' ')[0]!));
