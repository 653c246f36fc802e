/**
 * share and unshare. Sharing wraps the secret's key to the grantee's pinned
 * key card; unsharing stops future versions reaching them, so the CLI says to
 * rotate the credential upstream (what was read cannot be unread).
 * @module
 */
import { flagBool, flagString, positional } from '../args.ts';
import type { CliContext } from '../context.ts';
import { EXIT_OK } from '../errors.ts';
import { connectLoggedIn } from '../session.ts';

/** `latchkey share NAME HANDLE [--write]` */
export async function share(ctx: CliContext): Promise<number> {
  const name = positional(ctx.args, 'NAME')!;
  const handle = positional(ctx.args, 'HANDLE')!;
  const access = flagBool(ctx.args, 'write') ? 'write' : 'read';
  const fingerprint = flagString(ctx.args, 'fingerprint');
  const client = await connectLoggedIn(ctx);
  const secret = await client.secret(name);
  const grantee = await secret.share(handle, fingerprint === undefined ? { access } : { access, fingerprint });
  ctx.out.info(grantee.kind === 'group'
    ? `Shared ${secret.address} with group ${grantee.handle} (${access}); its members read it as ${secret.owner.handle}:${secret.name}`
    : `Shared ${secret.address} with ${grantee.handle} (${access}); it is pending until they run: latchkey accept ${secret.owner.handle}:${secret.name}`);
  if (fingerprint !== undefined) {
    ctx.out.info(`Their key card matched the fingerprint you gave (${grantee.fingerprint}).`);
  } else {
    ctx.out.info(`Their fingerprint: ${grantee.fingerprint}`);
    ctx.out.info(`Check it with them over another channel: latchkey verify ${grantee.handle} "<the fingerprint they read you>"`);
  }
  return EXIT_OK;
}

/** `latchkey unshare NAME HANDLE` */
export async function unshare(ctx: CliContext): Promise<number> {
  const name = positional(ctx.args, 'NAME')!;
  const handle = positional(ctx.args, 'HANDLE')!;
  const client = await connectLoggedIn(ctx);
  const secret = await client.secret(name);
  await secret.unshare(handle);
  ctx.out.info(`${handle} can no longer read new versions of ${secret.address}.`);
  ctx.out.warn(`${handle} may have kept what they already read: rotate the credential upstream, then "latchkey set ${secret.address} ..."`);
  return EXIT_OK;
}
