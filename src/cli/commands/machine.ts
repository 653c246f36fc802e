/**
 * Machine identities: create (prints the token once, with how to use it),
 * ls and rm.
 * @module
 */
import { flagBool, positional } from '../args.ts';
import type { CliContext } from '../context.ts';
import { EXIT_OK } from '../errors.ts';
import { formatTime } from '../output.ts';
import { connectLoggedIn } from '../session.ts';

/** `latchkey machine create NAME [--json]` */
export async function machineCreate(ctx: CliContext): Promise<number> {
  const name = positional(ctx.args, 'NAME')!;
  const client = await connectLoggedIn(ctx);
  const machine = await client.createMachine(name);
  if (flagBool(ctx.args, 'json')) {
    ctx.out.json({ name: machine.name, handle: machine.account.handle, id: machine.account.id, token: machine.token });
    return EXIT_OK;
  }
  const handle = machine.account.handle;
  ctx.out.info(`Created machine ${name} (handle ${handle}). Its token, shown only this once:`);
  ctx.out.line(machine.token);
  ctx.out.info('');
  ctx.out.info('Keep it in the machine\'s own secret store (CI secret, cluster Secret). Then:');
  ctx.out.info(`  latchkey share NAME ${handle}                         # here: give it access`);
  ctx.out.info('  LATCHKEY_TOKEN=... latchkey login --token "$LATCHKEY_TOKEN" --no-pull     # there');
  ctx.out.info(`  latchkey accept --from ${(await client.whoami()).handle}                  # there, once: the machine accepts your shares`);
  ctx.out.info('  latchkey pull                                            # there: put them in place');
  ctx.out.info('  latchkey run --secret NAME -- CMD                        # there: run with the secrets');
  ctx.out.info(`Server: ${client.server} (set LATCHKEY_SERVER there).`);
  return EXIT_OK;
}

/** `latchkey machine ls [--json]` */
export async function machineLs(ctx: CliContext): Promise<number> {
  const client = await connectLoggedIn(ctx);
  const machines = await client.machines();
  if (flagBool(ctx.args, 'json')) {
    ctx.out.json(machines.map((m) => ({ name: m.name, handle: m.account.handle, id: m.account.id, created: m.created })));
    return EXIT_OK;
  }
  ctx.out.table(machines, [
    { header: 'NAME', value: (m) => m.name },
    { header: 'HANDLE', value: (m) => m.account.handle },
    { header: 'CREATED', value: (m) => formatTime(m.created) },
  ], 'No machines. Create one: latchkey machine create NAME');
  return EXIT_OK;
}

/** `latchkey machine rm NAME [--yes]` */
export async function machineRm(ctx: CliContext): Promise<number> {
  const name = positional(ctx.args, 'NAME')!;
  const client = await connectLoggedIn(ctx);
  const assume = flagBool(ctx.args, 'yes') ? true : undefined;
  if (!(await ctx.prompt.confirm(`Delete machine ${name}? Its token stops working.`, { assume }))) {
    ctx.out.info('Nothing deleted.');
    return EXIT_OK;
  }
  await client.deleteMachine(name);
  ctx.out.info(`Deleted machine ${name}.`);
  return EXIT_OK;
}
