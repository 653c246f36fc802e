/**
 * The Secret Key and the passphrase: where the CLI reads a Secret Key from
 * (`--secret-key-stdin`, LATCHKEY_SECRET_KEY, a hidden prompt), `latchkey
 * secret-key [--rotate]`, `latchkey passwd` and `latchkey keys rotate`. The emergency kit goes to the
 * terminal only; piped, `secret-key` prints the bare key on one line, which is
 * exactly what LATCHKEY_SECRET_KEY accepts.
 * @module
 */
import type { LatchkeyClient } from '../../client/index.ts';
import { flagBool } from '../args.ts';
import type { CliContext } from '../context.ts';
import { EXIT_OK } from '../errors.ts';
import { connectLoggedIn } from '../session.ts';

/** Where a Secret Key comes from: `--secret-key-stdin`, else LATCHKEY_SECRET_KEY, else a hidden prompt. */
export function secretKeySource(ctx: CliContext) {
  return {
    fromStdin: flagBool(ctx.args, 'secret-key-stdin') === true,
    env: ctx.env,
    envName: 'LATCHKEY_SECRET_KEY',
    stdinFlag: '--secret-key-stdin',
    what: 'Secret Key',
  };
}

/** True when a Secret Key was handed to this command (flag or environment). */
export function secretKeyGiven(ctx: CliContext): boolean {
  return flagBool(ctx.args, 'secret-key-stdin') === true || (ctx.env.LATCHKEY_SECRET_KEY ?? '') !== '';
}

/** Shows a Secret Key: the emergency kit on a terminal, the bare key line on a pipe. */
export function showSecretKey(ctx: CliContext, result: { secretKey: string; emergencyKit: string }, heading: string): void {
  if (ctx.out.stdout.isTTY !== true) {
    ctx.out.line(result.secretKey);
    return;
  }
  ctx.out.info(heading);
  ctx.out.line('');
  for (const line of result.emergencyKit.trimEnd().split('\n')) ctx.out.line(`  ${line}`);
  ctx.out.line('');
}

/** The emergency kit after signup, on stderr so piped output stays clean. */
export function showNewAccountKit(ctx: CliContext, kit: string): void {
  ctx.out.info('');
  ctx.out.info(ctx.out.styleErr('bold', 'Your emergency kit: keep it (print it or store it in a password manager); it is shown only now.'));
  for (const line of kit.trimEnd().split('\n')) ctx.out.info(`  ${line}`);
  ctx.out.info('Logging in on another device needs this Secret Key once, with your passphrase. "latchkey secret-key" shows it again here.');
  ctx.out.info('');
}

async function currentPassphrase(ctx: CliContext, client: LatchkeyClient): Promise<string> {
  const me = await client.whoami();
  return ctx.prompt.passphrase(`Passphrase for ${me.handle}: `, { fromStdin: flagBool(ctx.args, 'passphrase-stdin') === true, env: ctx.env });
}

/** `latchkey secret-key [--rotate]` */
export async function secretKey(ctx: CliContext): Promise<number> {
  const client = await connectLoggedIn(ctx);
  const passphrase = await currentPassphrase(ctx, client);
  if (flagBool(ctx.args, 'rotate') !== true) {
    const shown = await client.secretKey(passphrase);
    showSecretKey(ctx, shown, 'Your Secret Key (with your passphrase, it logs in on a new device):');
    return EXIT_OK;
  }
  const old = secretKeyGiven(ctx) ? await ctx.prompt.passphrase('Current Secret Key: ', secretKeySource(ctx)) : undefined;
  ctx.out.info('Deriving keys (old and new) ...');
  const rotated = await client.rotateSecretKey(passphrase, old === undefined ? {} : { secretKey: old });
  showSecretKey(ctx, rotated, 'Your NEW Secret Key; the old one no longer works. Replace your emergency kit:');
  ctx.out.info('Other devices log in once with the new Secret Key ("latchkey login HANDLE" asks for it).');
  return EXIT_OK;
}

/** `latchkey passwd` */
export async function passwd(ctx: CliContext): Promise<number> {
  const client = await connectLoggedIn(ctx);
  const passphrase = await currentPassphrase(ctx, client);
  const fresh = await ctx.prompt.passphrase('New passphrase (4+ random words work well): ', {
    fromStdin: false,
    env: ctx.env,
    envName: 'LATCHKEY_NEW_PASSPHRASE',
    stdinFlag: '',
    what: 'new passphrase',
    confirm: true,
  });
  ctx.out.info('Deriving keys (old and new) ...');
  await client.changePassphrase(passphrase, fresh);
  ctx.out.info('Passphrase changed: your keyring is re-sealed and your other sessions are logged out. Your Secret Key is unchanged.');
  return EXIT_OK;
}

/** `latchkey keys rotate` */
export async function keysRotate(ctx: CliContext): Promise<number> {
  const client = await connectLoggedIn(ctx);
  const passphrase = await currentPassphrase(ctx, client);
  ctx.out.info('Deriving keys, making new account keys and writing your secrets again under them ...');
  const result = await client.rotateKeys(passphrase);
  const me = await client.whoami();
  ctx.out.line(`${me.handle}: new key card ${me.fingerprint}`);
  ctx.out.info(`Re-signed ${result.rewritten.length} secret(s) you own, with their shares. People who pinned your old card follow the chain; no new fingerprint check is needed.`);
  ctx.out.info('Your other devices log in again ("latchkey login"); your passphrase and Secret Key are unchanged.');
  return EXIT_OK;
}
