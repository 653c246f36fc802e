/**
 * The end-to-end scenario every runtime of the matrix runs against the local
 * server: log in (machine token, or a passphrase signup), save a secret, load
 * it back, check a grantee's fingerprint, share, then load it as the grantee
 * (plain client and the notebook helper). It receives the client module the
 * runtime imported (normally `<server>/v1/client.js`), so it has no imports
 * of its own and is shipped as JavaScript to browsers, Deno and workerd.
 */
import type * as Latchkey from '../../src/client/browser.ts';

/** What the Node test hands in. */
export interface ScenarioInput {
  server: string;
  runtime: string;
  /** The owner: a machine token, or a fresh passphrase signup. */
  owner: { token: string } | { signup: { handle: string; passphrase: string } };
  /** A machine account of another person that receives a read grant. */
  grantee: { handle: string; token: string; fingerprint: string };
  secret: { name: string; values: Record<string, string> };
  /** Store for the owner's client (default: the runtime's automatic choice). */
  ownerStore?: Latchkey.StoreChoice;
}

/** What the runtime reports back. */
export interface ScenarioResult {
  runtime: string;
  storeKind: string;
  ownerHandle: string;
  loadedBack: Record<string, string>;
  verifyStatus: string;
  granteeAccess: string;
  granteeValues: Record<string, string>;
  notebookStoreKind: string;
  notebookEnv: Record<string, string>;
  redactedDisplay: string;
  errorsAreTyped: boolean;
  notices: string[];
}

/** Runs the scenario with the imported client module. */
export async function run(lk: typeof Latchkey, input: ScenarioInput): Promise<ScenarioResult> {
  const notices: string[] = [];
  const owner = lk.createClient({ server: input.server, store: input.ownerStore ?? 'auto', notice: (line) => notices.push(line) });
  const me =
    'token' in input.owner
      ? await owner.login({ token: input.owner.token })
      : await owner.signup(input.owner.signup.handle, input.owner.signup.passphrase);
  const storeKind = (await owner.store()).kind;

  const created = await owner.secret({ name: input.secret.name, values: input.secret.values, provider: null });
  await created.save();
  const loaded = await owner.secret(input.secret.name);

  const verified = await owner.verify(input.grantee.handle, input.grantee.fingerprint);
  await loaded.share(input.grantee.handle, { access: 'read' });

  const grantee = lk.createClient({ server: input.server, store: 'memory' });
  await grantee.login({ token: input.grantee.token });
  const address = `${me.handle}:${input.secret.name}`;
  const received = await grantee.secret(address);

  const nb = await lk.notebookLogin({ server: input.server, token: input.grantee.token, store: 'memory' });
  const env = await nb.env([address]);
  const inspector = (env as unknown as Record<symbol, () => string>)[Symbol.for('Deno.customInspector')];

  let errorsAreTyped = false;
  try {
    await grantee.secret(`${me.handle}:no-such-secret`);
  } catch (err) {
    errorsAreTyped = err instanceof lk.NotFoundError && err.code === 'not-found';
  }
  await nb.logout();
  await grantee.logout();
  await owner.logout();

  return {
    runtime: input.runtime,
    storeKind,
    ownerHandle: me.handle,
    loadedBack: loaded.values,
    verifyStatus: verified.status,
    granteeAccess: received.access,
    granteeValues: received.values,
    notebookStoreKind: await nb.storeKind(),
    notebookEnv: { ...env },
    redactedDisplay: inspector ? inspector() : '',
    errorsAreTyped,
    notices,
  };
}
