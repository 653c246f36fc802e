/**
 * accept and decline: consent to shares. A share is pending until you
 * accept it; pending shares are never written to a file, the env file or a
 * command's environment, and never answer a bare name.
 * @module
 */
import type { LatchkeyClient } from '../../client/index.ts';
import { flagString, positionalList } from '../args.ts';
import type { CliContext } from '../context.ts';
import { EXIT_OK, UsageError } from '../errors.ts';
import { connectLoggedIn } from '../session.ts';

function sharedAddress(address: string, command: string): string {
  if (!address.includes(':')) {
    throw new UsageError(`"${address}" does not name an owner`, `write OWNER:NAME, e.g. latchkey ${command} alice:${address} ("latchkey ls" lists pending shares)`);
  }
  return address;
}

/** `latchkey accept OWNER:NAME... | --from HANDLE` */
export async function accept(ctx: CliContext): Promise<number> {
  const addresses = positionalList(ctx.args, 'OWNER:NAME').map((a) => sharedAddress(a, 'accept'));
  const from = flagString(ctx.args, 'from');
  if (addresses.length === 0 && from === undefined) {
    throw new UsageError('nothing to accept', 'name shares as OWNER:NAME (see "latchkey ls"), or accept every share of one account with --from HANDLE');
  }
  const client = await connectLoggedIn(ctx);
  if (from !== undefined) {
    const owner = await client.acceptFrom(from);
    ctx.out.info(`Accepted every present and future share of ${owner.handle} (fingerprint ${owner.fingerprint}).`);
    ctx.out.info(`If you have not compared that fingerprint with ${owner.handle}, do it now: latchkey verify ${owner.handle}`);
  }
  for (const address of addresses) {
    const secret = await client.secret(address);
    await secret.accept();
    ctx.out.info(`Accepted ${secret.address}; "latchkey pull" puts it in place.`);
  }
  return EXIT_OK;
}

/** `latchkey decline OWNER:NAME` */
export async function decline(ctx: CliContext): Promise<number> {
  const address = sharedAddress(positionalList(ctx.args, 'OWNER:NAME')[0]!, 'decline');
  const client = await connectLoggedIn(ctx);
  const secret = await client.secret(address);
  await secret.decline();
  ctx.out.info(`Declined ${secret.address}: your access is removed (${secret.owner.handle} can share it again).`);
  return EXIT_OK;
}

/**
 * After login: lists the pending shares with each owner's handle and
 * fingerprint and asks about each one, default No. `--yes` never accepts a
 * share, and without a terminal nothing is asked.
 */
export async function offerPending(ctx: CliContext, client: LatchkeyClient): Promise<void> {
  const pending = await client.pending();
  if (pending.length === 0) return;
  ctx.out.info(`${pending.length} share(s) from other accounts wait for you to accept them (until then they are not placed):`);
  for (const p of pending) ctx.out.info(`  ${p.address}  from ${p.owner.handle}, fingerprint ${p.ownerFingerprint}`);
  if (!ctx.prompt.interactive) {
    ctx.out.info(`Accept one with "latchkey accept ${pending[0]!.address}" (compare the owner's fingerprint first: latchkey verify ${pending[0]!.owner.handle}).`);
    return;
  }
  for (const p of pending) {
    const question = `Accept ${p.address} from ${p.owner.handle} (fingerprint ${p.ownerFingerprint})? Its values may set files and variables for you.`;
    if (!(await ctx.prompt.confirm(question, { defaultNo: true, whenNoAnswer: false }))) continue;
    await (await client.secret(p.address)).accept();
    ctx.out.info(`Accepted ${p.address}.`);
  }
}
