/** Machine accounts: created, listed and deleted by the person who owns them. */
import { Hono } from 'hono';
import { CreateMachineRequest } from '../../protocol/index.ts';
import { MAX_MACHINES } from '../config.ts';
import { ApiError, conflict, isConstraintError, notFound } from '../errors.ts';
import { decodeBase64Url, idParam, readBody } from '../request.ts';
import { requireSession } from '../session.ts';
import { countMachines, deleteMachine, idOfDeletedAccount, insertMachine, listMachines } from '../store/accounts.ts';
import type { AppEnv } from '../types.ts';
import { ID_USED, assertNewCard } from './accounts.ts';

/** Routes under /v1/machines. */
export const machineRoutes = new Hono<AppEnv>();
machineRoutes.use('*', requireSession());

machineRoutes.post('/', async (c) => {
  const caller = c.var.caller;
  if (caller.kind !== 'person') throw new ApiError(403, 'forbidden', 'only a person can create machine accounts');
  const body = await readBody(c, CreateMachineRequest, 'create-machine request');
  decodeBase64Url(body.authHash, 'authHash', 32);
  await assertNewCard(body.card, 'machine');
  if (await idOfDeletedAccount(c.env.DB, body.card.body.id)) throw conflict(ID_USED);
  if ((await countMachines(c.env.DB, caller.id)) >= MAX_MACHINES) {
    throw new ApiError(400, 'bad-request', `an account may own at most ${MAX_MACHINES} machines; delete unused ones first`);
  }
  try {
    await insertMachine(c.env.DB, caller, body, Date.now());
  } catch (err) {
    if (isConstraintError(err)) throw conflict('a machine with that name, handle or id exists; choose another name', 'handle-taken');
    throw err;
  }
  const b = body.card.body;
  return c.json({ account: { id: b.id, handle: b.handle, kind: b.kind } }, 201);
});

machineRoutes.get('/', async (c) => {
  return c.json({ machines: await listMachines(c.env.DB, c.var.caller.id) });
});

machineRoutes.delete('/:accountId', async (c) => {
  const id = idParam(c, 'accountId');
  if (!(await deleteMachine(c.env.DB, c.var.caller, id, Date.now()))) throw notFound('no such machine');
  return c.body(null, 204);
});
