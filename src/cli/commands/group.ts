/**
 * group create / add / rm / ls / delete: teams that secrets are shared with
 * as with a person. Removing a member rotates the group keys and flags every
 * secret shared with the group (the leaver saw its values).
 * @module
 */
import type { GroupInfo } from '../../client/index.ts';
import { flagBool, flagString, positional } from '../args.ts';
import type { CliContext } from '../context.ts';
import { EXIT_OK } from '../errors.ts';
import { connectLoggedIn } from '../session.ts';

function printGroup(ctx: CliContext, g: GroupInfo): void {
  ctx.out.info(`Group ${g.handle}: epoch ${g.epoch}, membership list ${g.seq}, fingerprint ${g.fingerprint}`);
  ctx.out.table(g.members, [
    { header: 'MEMBER', value: (m) => m.handle },
    { header: 'ROLE', value: (m) => m.role },
    { header: 'KIND', value: (m) => m.kind },
    { header: 'FINGERPRINT', value: (m) => m.fingerprint },
  ], 'No members.');
}

function groupJson(g: GroupInfo): unknown {
  return { id: g.id, name: g.handle, fingerprint: g.fingerprint, epoch: g.epoch, seq: g.seq, members: g.members };
}

/** `latchkey group create NAME` */
export async function groupCreate(ctx: CliContext): Promise<number> {
  const name = positional(ctx.args, 'NAME')!;
  const client = await connectLoggedIn(ctx);
  const g = await client.createGroup(name);
  ctx.out.info(`Created group ${g.handle} (fingerprint ${g.fingerprint}); you are its admin.`);
  ctx.out.info(`Add members: latchkey group add ${g.handle} HANDLE   Share with it: latchkey share NAME ${g.handle}`);
  return EXIT_OK;
}

/** `latchkey group add NAME HANDLE [--admin] [--fingerprint F]` */
export async function groupAdd(ctx: CliContext): Promise<number> {
  const name = positional(ctx.args, 'NAME')!;
  const handle = positional(ctx.args, 'HANDLE')!;
  const fingerprint = flagString(ctx.args, 'fingerprint');
  const client = await connectLoggedIn(ctx);
  const g = await client.group(name).add(handle, { admin: flagBool(ctx.args, 'admin'), ...(fingerprint === undefined ? {} : { fingerprint }) });
  const m = g.members.find((x) => x.handle === handle);
  ctx.out.info(`${handle} is now ${m?.role === 'admin' ? 'an admin' : 'a member'} of ${g.handle}; they read what is shared with it.`);
  if (fingerprint === undefined && m) ctx.out.info(`Their fingerprint: ${m.fingerprint} (check it: latchkey verify ${handle} "<what they read you>")`);
  return EXIT_OK;
}

/** `latchkey group rm NAME HANDLE` */
export async function groupRm(ctx: CliContext): Promise<number> {
  const name = positional(ctx.args, 'NAME')!;
  const handle = positional(ctx.args, 'HANDLE')!;
  const client = await connectLoggedIn(ctx);
  const g = await client.group(name).remove(handle);
  ctx.out.info(`Removed ${handle} from ${g.handle}: new group keys (epoch ${g.epoch}); they cannot read versions written from now on.`);
  ctx.out.warn(`${handle} may have kept what they already read: every secret shared with ${g.handle} is flagged; rotate those credentials upstream.`);
  return EXIT_OK;
}

/** `latchkey group ls [NAME] [--json]` */
export async function groupLs(ctx: CliContext): Promise<number> {
  const name = positional(ctx.args, 'NAME');
  const client = await connectLoggedIn(ctx);
  const json = flagBool(ctx.args, 'json');
  const groups = name !== undefined ? [await client.group(name).info()] : await client.groups();
  if (json) {
    ctx.out.json(name !== undefined ? groupJson(groups[0]!) : groups.map(groupJson));
    return EXIT_OK;
  }
  if (groups.length === 0) ctx.out.info('You are in no group. Create one: latchkey group create NAME');
  for (const g of groups) printGroup(ctx, g);
  return EXIT_OK;
}

/** `latchkey group delete NAME [--yes]` */
export async function groupDelete(ctx: CliContext): Promise<number> {
  const name = positional(ctx.args, 'NAME')!;
  const client = await connectLoggedIn(ctx);
  const assume = flagBool(ctx.args, 'yes') ? true : undefined;
  if (!(await ctx.prompt.confirm(`Delete group ${name}? Its members lose access to everything shared with it.`, { assume }))) {
    ctx.out.info('Nothing deleted.');
    return EXIT_OK;
  }
  await client.group(name).delete();
  ctx.out.info(`Deleted group ${name}.`);
  return EXIT_OK;
}
