/**
 * backup, restore and keys export-age: standard age files that the stock
 * `age` tool opens with the account's exported identity or the passphrase.
 * The age library loads only here (see ../age.ts).
 * @module
 */
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { LatchkeyClient, RestoreAction, RestorePlan } from '../../client/index.ts';
import { flagBool, flagString, flagStrings, positional, positionalList } from '../args.ts';
import type { CliContext } from '../context.ts';
import { CliError, EXIT_OK, UsageError } from '../errors.ts';
import { backupFile, exists, writeFileAtomic } from '../files.ts';
import { formatTime } from '../output.ts';
import { connectLoggedIn } from '../session.ts';

const MIN_BACKUP_PASSPHRASE = 8;

/** The account's age identities and recipients (X25519, and the post-quantum hybrid). */
export async function accountAge(client: LatchkeyClient): Promise<{ identity: string; recipient: string; pqIdentity: string; pqRecipient: string }> {
  const [{ accountAgeKeys }, age] = await Promise.all([import('../../client/index.ts'), import('../age.ts')]);
  const keys = await accountAgeKeys(client);
  const identity = age.x25519IdentityString(keys.x25519);
  const pqIdentity = age.hybridIdentityString(keys.hybrid);
  keys.x25519.fill(0);
  keys.hybrid.fill(0);
  return { identity, recipient: await age.recipientOf(identity), pqIdentity, pqRecipient: await age.recipientOf(pqIdentity) };
}

/** LATCHKEY_BACKUP_PASSPHRASE, else a hidden prompt (twice when `confirm`). */
async function backupPassphrase(ctx: CliContext, question: string, confirm: boolean): Promise<string> {
  const fromEnv = ctx.env.LATCHKEY_BACKUP_PASSPHRASE;
  let value: string;
  if (fromEnv !== undefined && fromEnv !== '') value = fromEnv;
  else if (!ctx.prompt.interactive) {
    throw new UsageError('a backup passphrase is needed but stdin is not a terminal', 'set LATCHKEY_BACKUP_PASSPHRASE');
  } else value = await ctx.prompt.passphrase(question, { fromStdin: false, env: {}, confirm });
  if (confirm && value.normalize('NFKC').length < MIN_BACKUP_PASSPHRASE) {
    throw new UsageError(`a backup passphrase must be at least ${MIN_BACKUP_PASSPHRASE} characters`, 'use several random words: anyone with the file can try passphrases offline');
  }
  return value;
}

function defaultBackupName(handle: string): string {
  return `latchkey-backup-${handle}-${new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}.age`;
}

/** `latchkey backup [NAME...] [--to RECIPIENT]... [--passphrase] [--history] [--armor] [--pq] [-o FILE] [--force]` */
export async function backup(ctx: CliContext): Promise<number> {
  const names = positionalList(ctx.args, 'NAME');
  const to = flagStrings(ctx.args, 'to');
  const usePassphrase = flagBool(ctx.args, 'passphrase') === true;
  const pq = flagBool(ctx.args, 'pq') === true;
  if (usePassphrase && (to.length > 0 || pq)) {
    throw new UsageError('--passphrase cannot be combined with --to or --pq (an age file encrypted to a passphrase has no other recipient)', 'make two backups: one with --passphrase, one with --to');
  }
  const client = await connectLoggedIn(ctx);
  const me = await client.whoami();
  const output = flagString(ctx.args, 'output') ?? defaultBackupName(me.handle);
  const toStdout = output === '-';
  const path = resolve(ctx.cwd, output);
  if (!toStdout && (await exists(path)) && flagBool(ctx.args, 'force') !== true) {
    throw new CliError(`${output} already exists`, 'choose another file with -o, or pass --force to replace it (the old file is kept as a .latchkey-backup-* copy)');
  }
  const passphrase = usePassphrase ? await backupPassphrase(ctx, 'Passphrase for the backup (8+ characters): ', true) : undefined;

  const [{ makeBackup, encodeBackup }, age] = await Promise.all([import('../../client/index.ts'), import('../age.ts')]);
  const doc = await makeBackup(client, { names, history: flagBool(ctx.args, 'history') === true });
  const plain = encodeBackup(doc);
  let file: Uint8Array;
  try {
    if (passphrase !== undefined) {
      file = await age.encryptAge(plain, { passphrase }, flagBool(ctx.args, 'armor') === true);
    } else {
      const own = await accountAge(client);
      file = await age.encryptAge(plain, { recipients: [pq ? own.pqRecipient : own.recipient, ...to] }, flagBool(ctx.args, 'armor') === true);
    }
  } finally {
    plain.fill(0);
  }
  const versions = doc.secrets.reduce((n, s) => n + s.versions.length, 0);
  if (toStdout) {
    process.stdout.write(file);
  } else {
    if (await exists(path)) ctx.out.info(`Kept the previous ${output} as ${await backupFile(path)}.`);
    await writeFileAtomic(path, file, 0o600);
  }
  const where = toStdout ? 'stdout' : output;
  const how = passphrase !== undefined ? 'your backup passphrase' : `your account${to.length > 0 ? ` and ${to.length} more recipient(s)` : ''}${pq ? ' (post-quantum)' : ''}`;
  ctx.out.info(`Backed up ${doc.secrets.length} secret(s), ${versions} version(s), to ${where}, encrypted to ${how}.`);
  if (passphrase === undefined) ctx.out.info('Without latchkey: latchkey keys export-age > identity.txt, then age -d -i identity.txt ' + (toStdout ? 'FILE' : output));
  return EXIT_OK;
}

const KIND_LABEL: Record<RestoreAction['kind'], string> = {
  create: 'create', update: 'new version', unchanged: 'unchanged', conflict: 'skip', shared: 'not restored',
};

function showPlan(ctx: CliContext, plan: RestorePlan): void {
  const b = plan.backup;
  const who = plan.signer === 'you' ? 'your account' : plan.signer === 'pinned' ? 'an account pinned on this device' : 'an account this device has not seen';
  ctx.out.info(`Backup of ${b.account.handle} made ${formatTime(b.createdAt)} UTC on ${b.server}; every signature verified against ${who}.`);
  if (plan.signer === 'unknown') ctx.out.info(`Its key card fingerprint is ${plan.signerFingerprint}: restore only if that was your account.`);
  ctx.out.table(plan.actions, [
    { header: 'ACTION', value: (a) => KIND_LABEL[a.kind] },
    { header: 'NAME', value: (a) => a.name },
    { header: 'VERSIONS', value: (a) => String(a.writes) },
    { header: 'NOTE', value: (a) => a.reason ?? (a.name !== a.from.name && a.kind !== 'shared' ? `from "${a.from.name}"` : '') },
  ], '(the backup holds no secrets)');
}

/** `latchkey restore FILE [--as-new] [--dry-run] [-i IDENTITY_FILE]... [--yes]` */
export async function restore(ctx: CliContext): Promise<number> {
  const file = positional(ctx.args, 'FILE')!;
  const path = resolve(ctx.cwd, file);
  const [client, lib, age] = await Promise.all([connectLoggedIn(ctx), import('../../client/index.ts'), import('../age.ts')]);
  const size = await stat(path).then((s) => s.size, () => {
    throw new CliError(`cannot read ${file}`, 'check the path of the backup file');
  });
  if (size > lib.MAX_BACKUP_BYTES) throw new CliError(`${file} is larger than ${lib.MAX_BACKUP_BYTES} bytes; not a latchkey backup`, 'check the path of the backup file');
  const raw = age.unarmor(new Uint8Array(await readFile(path)));
  const identities: string[] = [];
  for (const idFile of flagStrings(ctx.args, 'identity')) {
    identities.push(...age.parseIdentityFile(await readFile(resolve(ctx.cwd, idFile), 'utf8').catch(() => {
      throw new CliError(`cannot read the identity file ${idFile}`, 'check its path');
    }), idFile));
  }
  let passphrase: string | undefined;
  if (age.needsPassphrase(raw)) passphrase = await backupPassphrase(ctx, `Passphrase of ${file}: `, false);
  else {
    const own = await accountAge(client);
    identities.push(own.identity, own.pqIdentity);
  }
  const plain = await age.decryptAge(raw, { identities, passphrases: passphrase === undefined ? [] : [passphrase] });
  const verified = await lib.verifyBackup(lib.decodeBackup(plain));
  plain.fill(0);
  const plan = await lib.planRestore(client, verified, { asNew: flagBool(ctx.args, 'as-new') === true });
  showPlan(ctx, plan);
  const writes = plan.actions.filter((a) => a.kind === 'create' || a.kind === 'update');
  if (flagBool(ctx.args, 'dry-run') === true) {
    ctx.out.info(`Dry run: would write ${writes.length} secret(s); nothing was written.`);
    return EXIT_OK;
  }
  if (writes.length === 0) {
    ctx.out.info('Nothing to restore.');
    return EXIT_OK;
  }
  const yes = flagBool(ctx.args, 'yes') === true;
  if (!(await ctx.prompt.confirm(`Write ${writes.length} secret(s) to your account?`, { assume: yes ? true : undefined }))) {
    ctx.out.info('Nothing was written.');
    return EXIT_OK;
  }
  let done = 0;
  const result = await lib.applyRestore(client, plan, () => ctx.out.progress('Restoring', ++done, writes.length));
  ctx.out.info(`Restored: ${result.created} created, ${result.updated} updated (${result.versions} version(s) saved).`);
  return EXIT_OK;
}

/** `latchkey keys export-age [--pq]`: prints the account's age identity file after checking the passphrase. */
export async function exportAge(ctx: CliContext): Promise<number> {
  const client = await connectLoggedIn(ctx);
  const me = await client.whoami();
  if (me.kind !== 'person') {
    throw new CliError('only a person account can export its age identity', 'back up a machine\'s secrets from its owner\'s account, or with --to RECIPIENT');
  }
  const passphrase = await ctx.prompt.passphrase(`Passphrase for ${me.handle} (to export its age identity): `, {
    fromStdin: flagBool(ctx.args, 'passphrase-stdin') === true, env: ctx.env,
  });
  await client.login({ handle: me.handle, passphrase }).catch((error: unknown) => {
    if ((error as { code?: unknown }).code === 'auth') {
      throw new CliError('that is not the passphrase of this account; nothing was exported', `type the passphrase of ${me.handle}`);
    }
    throw error;
  });
  const own = await accountAge(client);
  ctx.out.line(`# latchkey age identity of ${me.handle} on ${me.server} (keep it secret: it opens every backup of this account)`);
  ctx.out.line(`# public key: ${own.recipient}`);
  ctx.out.line(own.identity);
  if (flagBool(ctx.args, 'pq') === true) {
    ctx.out.line('# post-quantum (ML-KEM-768 + X25519) identity, for backups made with --pq');
    ctx.out.line(own.pqIdentity);
  }
  return EXIT_OK;
}
