/**
 * Runs a scenario inside workerd (Miniflare): a tiny module worker that
 * bundles the built browser client and the scenario and runs it on request.
 */
import * as esbuild from 'esbuild';
import { Miniflare } from 'miniflare';

/** Compatibility date for the scenario worker (supported by the pinned workerd). */
export const SCENARIO_COMPAT_DATE = '2026-04-01';

/**
 * Bundles `clientFile` (the built browser client) with `scenarioJs` into one
 * worker, starts it, sends `input`, and returns `run(client, input)`.
 */
export async function runInWorkerd(opts: { clientFile: string; scenarioJs: string; input: unknown }): Promise<unknown> {
  const entry =
    `import * as client from ${JSON.stringify(opts.clientFile)};\n` +
    `import { run } from 'latchkey-scenario';\n` +
    'export default { async fetch(request) {\n' +
    '  try { return Response.json({ ok: true, result: await run(client, await request.json()) }); }\n' +
    '  catch (err) { return Response.json({ ok: false, error: String(err && err.stack || err) }); }\n' +
    '} };\n';
  const built = await esbuild.build({
    stdin: { contents: entry, loader: 'js', resolveDir: process.cwd() },
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    write: false,
    logLevel: 'silent',
    plugins: [
      {
        name: 'scenario',
        setup(build) {
          build.onResolve({ filter: /^latchkey-scenario$/ }, () => ({ path: 'scenario', namespace: 'scenario' }));
          build.onLoad({ filter: /.*/, namespace: 'scenario' }, () => ({ contents: opts.scenarioJs, loader: 'js' }));
        },
      },
    ],
  });
  const mf = new Miniflare({
    modules: true,
    script: built.outputFiles[0]!.text,
    compatibilityDate: SCENARIO_COMPAT_DATE,
  });
  try {
    const response = await mf.dispatchFetch('http://scenario.local/run', {
      method: 'POST',
      body: JSON.stringify(opts.input),
    });
    const outcome = (await response.json()) as { ok: true; result: unknown } | { ok: false; error: string };
    if (!outcome.ok) throw new Error(`scenario failed in workerd: ${outcome.error}`);
    return outcome.result;
  } finally {
    await mf.dispose();
  }
}
