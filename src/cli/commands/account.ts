/**
 * signup, login (passphrase or machine token), whoami and verify. After a
 * login the CLI offers to put the account's secrets in place and to upload
 * credentials found on this machine (see {@link offerPlacement}).
 * @module
 */
import { SecretKeyMissingError, type LatchkeyClient } from '../../client/index.ts';
import { flagBool, flagString, positional, positionalList } from '../args.ts';
import { envFilePath, type CliContext } from '../context.ts';
import { CliError, describeError, UsageError, EXIT_OK } from '../errors.ts';
import { detectNew, placeSecrets, reportPull, tildify } from '../placement.ts';
import { connect, connectLoggedIn, readCliState, writeCliState } from '../session.ts';
import { secretKeyGiven, secretKeySource, showNewAccountKit } from './credentials.ts';
import { offerPending } from './consent.ts';

function passphraseSource(ctx: CliContext, confirm = false) {
  return { fromStdin: flagBool(ctx.args, 'passphrase-stdin') === true, env: ctx.env, confirm };
}

async function remember(ctx: CliContext, client: LatchkeyClient, handle: string): Promise<void> {
  await writeCliState(ctx.latchkeyHome, { server: client.server, handle });
}

/** `latchkey signup HANDLE` */
export async function signup(ctx: CliContext): Promise<number> {
  const handle = positional(ctx.args, 'HANDLE')!;
  const client = await connect(ctx);
  const passphrase = await ctx.prompt.passphrase(
    `Choose a passphrase for ${handle} (4+ random words work well; it cannot be reset): `,
    passphraseSource(ctx, true),
  );
  ctx.out.info('Deriving keys from the passphrase and a new Secret Key ...');
  const me = await client.signup(handle, passphrase);
  // The kit first: whatever fails after this, the Secret Key has been shown once.
  showNewAccountKit(ctx, me.emergencyKit);
  await remember(ctx, client, me.handle).catch((error: unknown) => {
    const why = error instanceof Error ? error.message : String(error);
    throw new CliError(
      `the account ${me.handle} was created on ${client.server} and you are logged in, but saving the server and handle in ${ctx.latchkeyHome} failed: ${why}`,
      `fix that folder; pass --server ${client.server} to the next commands until then`,
    );
  });
  ctx.out.info(`Signed up and logged in as ${ctx.out.styleErr('bold', me.handle)} on ${client.server}.`);
  ctx.out.info(`Your fingerprint (read it to people who share with you): ${me.fingerprint}`);
  await offerOrWarn(ctx, client, `your account ${me.handle} was created and you are logged in`);
  return EXIT_OK;
}

/** `latchkey login [HANDLE]` / `latchkey login --token TOKEN` */
export async function login(ctx: CliContext): Promise<number> {
  let handle = positional(ctx.args, 'HANDLE');
  const token = flagString(ctx.args, 'token') ?? (handle === undefined ? ctx.env.LATCHKEY_TOKEN || undefined : undefined);
  if (token !== undefined && handle !== undefined) {
    throw new UsageError('give a HANDLE or --token, not both', 'see "latchkey login --help"');
  }
  const client = await connect(ctx);
  let me;
  if (token !== undefined) {
    me = await client.login({ token });
  } else {
    if (handle === undefined) {
      const saved = (await readCliState(ctx.latchkeyHome)).handle;
      if (saved && ctx.prompt.interactive) {
        ctx.out.info(`Logging in as ${saved} (pass a HANDLE for another account).`);
        handle = saved;
      } else if (saved && (ctx.env.LATCHKEY_PASSPHRASE || flagBool(ctx.args, 'passphrase-stdin'))) {
        handle = saved;
      } else {
        throw new UsageError('missing HANDLE for "latchkey login"', 'run "latchkey login HANDLE", or "latchkey login --token TOKEN" for a machine');
      }
    }
    const passphrase = await ctx.prompt.passphrase(`Passphrase for ${handle}: `, passphraseSource(ctx));
    const given = secretKeyGiven(ctx) ? await ctx.prompt.passphrase('Secret Key: ', secretKeySource(ctx)) : undefined;
    try {
      me = await client.login({ handle, passphrase, ...(given === undefined ? {} : { secretKey: given }) });
    } catch (error) {
      // A new device: ask for the Secret Key once (this device keeps it after this login).
      if (!(error instanceof SecretKeyMissingError) || given !== undefined) throw error;
      if (!ctx.prompt.interactive) {
        throw new CliError(
          `this device does not have the Secret Key of ${handle}`,
          'give it once: set LATCHKEY_SECRET_KEY or pass --secret-key-stdin with the LK-... line of your emergency kit ("latchkey secret-key" prints it on a device that has it)',
        );
      }
      ctx.out.info(`This device does not have the Secret Key of ${handle} yet: it is the LK-... line of your emergency kit.`);
      const secretKey = await ctx.prompt.passphrase(`Secret Key for ${handle}: `, secretKeySource(ctx));
      me = await client.login({ handle, passphrase, secretKey });
      ctx.out.info('Secret Key saved on this device (sealed, kept across logout).');
    }
  }
  await remember(ctx, client, me.handle);
  ctx.out.info(`Logged in as ${ctx.out.styleErr('bold', me.handle)} (${me.kind}) on ${client.server}.`);
  await offerOrWarn(ctx, client, `you are logged in as ${me.handle}`);
  return EXIT_OK;
}

/** The offers are optional: their failure is a warning that says what did succeed, never the command's error. */
async function offerOrWarn(ctx: CliContext, client: LatchkeyClient, done: string): Promise<void> {
  try {
    await offerPlacement(ctx, client);
  } catch (error) {
    const { line } = describeError(error);
    ctx.out.warn(`${done}, but the optional download/upload step stopped: ${line.replace(/^latchkey: error: /, '')}`);
    ctx.out.info('Retry it with "latchkey pull" or "latchkey push PROVIDER".');
  }
}

/**
 * The offers after login: (0) accept pending shares, one question each,
 * default No (see {@link offerPending}); (a) download your own secrets and
 * accepted shares into their places, (b) upload provider credentials found
 * here that the account lacks.
 * `--pull/--no-pull`, `--push/--no-push` and `--yes` answer them; without a
 * terminal and without flags both are skipped with a hint.
 */
export async function offerPlacement(ctx: CliContext, client: LatchkeyClient): Promise<void> {
  const yes = flagBool(ctx.args, 'yes') === true;
  const pullFlag = flagBool(ctx.args, 'pull');
  const pushFlag = flagBool(ctx.args, 'push');
  const interactive = ctx.prompt.interactive;
  await offerPending(ctx, client);
  const listed = await client.secrets();
  const names = new Set(listed.map((s) => s.name));
  const summaries = listed.filter((s) => s.accepted);

  // Detect before writing anything, so what pull writes is not offered back for upload.
  const fresh = pushFlag === false ? [] : await detectNew(ctx, names);

  if (summaries.length > 0 && pullFlag !== false) {
    const list = summaries.map((s) => s.address).join(', ');
    const where = `provider files under ${tildify(ctx, ctx.home)} and the env file ${tildify(ctx, envFilePath(ctx.latchkeyHome))}`;
    const assume = pullFlag === true || yes ? true : interactive ? undefined : false;
    if (assume === false) ctx.out.info(`Not downloading ${summaries.length} secret(s); run "latchkey pull" or log in with --pull.`);
    else if (await ctx.prompt.confirm(`Download ${summaries.length} secret(s) (${list}) into their places (${where})?`, { assume, whenNoAnswer: false })) {
      ctx.out.info(`Downloading ${summaries.length} secret(s) ...`);
      const secrets = await client.pullAll();
      reportPull(ctx, await placeSecrets(ctx, secrets, { pruneShares: true }));
    }
  }

  if (fresh.length > 0) {
    const list = fresh.map((d) => `${d.provider} (${tildify(ctx, d.location)})`).join(', ');
    const assume = pushFlag === true || yes ? true : interactive ? undefined : false;
    if (assume === false) ctx.out.info(`Found credentials not in your account: ${list}; upload them with "latchkey push ${fresh.map((d) => d.provider).join(' ')}".`);
    else if (await ctx.prompt.confirm(`Upload credentials found on this machine: ${list}?`, { assume, whenNoAnswer: false })) {
      const { pushProviders } = await import('./providers.ts');
      await pushProviders(ctx, client, fresh.map((d) => d.provider));
    }
  }
}

/** `latchkey whoami` */
export async function whoami(ctx: CliContext): Promise<number> {
  const client = await connectLoggedIn(ctx);
  const me = await client.whoami();
  const { recipient: ageRecipient } = await (await import('./backup.ts')).accountAge(client);
  if (flagBool(ctx.args, 'json')) {
    ctx.out.json({ handle: me.handle, id: me.id, kind: me.kind, server: me.server, fingerprint: me.fingerprint, ageRecipient, expiresAt: me.expiresAt });
    return EXIT_OK;
  }
  ctx.out.line(`${ctx.out.style('bold', me.handle)} (${me.kind}) on ${me.server}`);
  ctx.out.line(`fingerprint: ${me.fingerprint}`);
  ctx.out.line(`age recipient (backups): ${ageRecipient}`);
  ctx.out.line(`session expires: ${new Date(me.expiresAt).toISOString()}`);
  return EXIT_OK;
}

/** `latchkey verify HANDLE [FINGERPRINT]` */
export async function verify(ctx: CliContext): Promise<number> {
  const handle = positional(ctx.args, 'HANDLE')!;
  const words = positionalList(ctx.args, 'FINGERPRINT');
  const expected = words.length > 0 ? words.join(' ') : undefined;
  const client = await connectLoggedIn(ctx);
  const result = await client.verify(handle, expected);
  if (flagBool(ctx.args, 'json')) {
    ctx.out.json(result);
    return EXIT_OK;
  }
  if (expected === undefined) {
    ctx.out.line(`${handle}: ${result.fingerprint}`);
    if (result.chain.length > 1) {
      ctx.out.line(`key card chain, newest first (each card signed by the one below it):`);
      for (const [i, fp] of result.chain.entries()) ctx.out.line(`  ${i === 0 ? 'current ' : 'replaced'} ${fp}`);
    }
    if (result.status === 'chained') {
      ctx.out.info(`${handle} replaced the key card pinned on this machine (${result.pinnedFingerprint}); the new card is signed by it, so the pin moved forward.`);
      return EXIT_OK;
    }
    if (result.status === 'changed') {
      ctx.out.warn(`this is NOT the key card pinned on this machine (${result.pinnedFingerprint}); the account changed its keys or the server substitutes them`);
    } else if (result.status === 'pinned') {
      ctx.out.info('Same key card as pinned on this machine.');
    }
    ctx.out.info('Compare it with what they read to you over another channel, then run:');
    ctx.out.info(`  latchkey verify ${handle} "${result.fingerprint}"`);
    return EXIT_OK;
  }
  ctx.out.line(`${handle}: verified and pinned (${result.fingerprint})`);
  return EXIT_OK;
}
