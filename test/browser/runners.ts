/**
 * Runs an ES module "scenario" in three browser contexts: a normal page, an
 * opaque-origin iframe (`sandbox="allow-scripts"`, like Colab's output frames)
 * and a module Web Worker (like JupyterLite's worker kernel). The scenario is a
 * module on the static server exporting `run(client, input)`; `client` is the
 * module imported from `clientUrl` (normally `<api>/v1/client.js`).
 */
import type { Browser, Page } from 'playwright-core';
import type { StaticServer } from './static-server.ts';

/** What every runner needs. */
export interface ScenarioRun {
  /** URL of the client module (cross-origin import). */
  clientUrl: string;
  /** URL of the scenario module on the static server. */
  scenarioUrl: string;
  /** JSON input handed to `run`. */
  input: unknown;
}

/** Browser contexts a scenario can run in. */
export type BrowserContextKind = 'page' | 'iframe' | 'worker';

const BLANK = '/blank.html';
const WORKER = '/scenario-worker.js';
const IFRAME = '/iframe-host.html';

const workerSource = `
self.onmessage = async (event) => {
  const { clientUrl, scenarioUrl, input } = event.data;
  try {
    const client = await import(clientUrl);
    const scenario = await import(scenarioUrl);
    self.postMessage({ ok: true, result: await scenario.run(client, input) });
  } catch (err) {
    self.postMessage({ ok: false, error: String(err && err.stack || err) });
  }
};
`;

/** Installs the pages and scripts the runners use on the static server. */
export function installRunnerFiles(server: StaticServer): void {
  server.put(BLANK, { type: 'text/html; charset=utf-8', body: '<!doctype html><meta charset="utf-8"><title>latchkey test</title>' });
  server.put(IFRAME, { type: 'text/html; charset=utf-8', body: '<!doctype html><meta charset="utf-8"><title>latchkey iframe host</title>' });
  server.put(WORKER, { type: 'text/javascript', body: workerSource });
}

type Outcome = { ok: true; result: unknown } | { ok: false; error: string };

function unwrap(kind: BrowserContextKind, outcome: Outcome): unknown {
  if (!outcome.ok) throw new Error(`scenario failed in ${kind}: ${outcome.error}`);
  return outcome.result;
}

/** Opens a fresh page (own context: separate storage) on the static server. */
export async function openPage(browser: Browser, server: StaticServer, path = BLANK): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${server.origin}${path}`);
  return page;
}

/**
 * Runs the scenario in the page's main world. The code is passed as a string
 * so the test runner's transform cannot rewrite its dynamic `import()`.
 */
export async function runInPage(page: Page, run: ScenarioRun): Promise<unknown> {
  const outcome = await page.evaluate(`(async (run) => {
    try {
      const client = await import(run.clientUrl);
      const scenario = await import(run.scenarioUrl);
      return { ok: true, result: await scenario.run(client, run.input) };
    } catch (err) {
      return { ok: false, error: String(err && err.stack || err) };
    }
  })(${JSON.stringify(run)})`);
  return unwrap('page', outcome as Outcome);
}

/** Runs the scenario in a module Web Worker started from the page. */
export async function runInWorker(page: Page, server: StaticServer, run: ScenarioRun): Promise<unknown> {
  const outcome = await page.evaluate(
    ({ workerUrl, run }) =>
      new Promise((resolve) => {
        const worker = new Worker(workerUrl, { type: 'module' });
        worker.onmessage = (event) => {
          worker.terminate();
          resolve(event.data);
        };
        worker.onerror = (event) => {
          worker.terminate();
          resolve({ ok: false, error: `worker error: ${event.message}` });
        };
        worker.postMessage(run);
      }),
    { workerUrl: `${server.origin}${WORKER}`, run },
  );
  return unwrap('worker', outcome as Outcome);
}

/**
 * Runs the scenario in `<iframe sandbox="allow-scripts" srcdoc>`: an opaque
 * origin where IndexedDB throws, so the client must fall back to memory.
 */
export async function runInOpaqueIframe(page: Page, run: ScenarioRun): Promise<unknown> {
  const outcome = await page.evaluate(
    (run) =>
      new Promise((resolve) => {
        const nonce = Math.random().toString(36).slice(2);
        const frame = document.createElement('iframe');
        frame.setAttribute('sandbox', 'allow-scripts');
        window.addEventListener('message', function onMessage(event) {
          if (event.source !== frame.contentWindow || event.data?.nonce !== nonce) return;
          window.removeEventListener('message', onMessage);
          frame.remove();
          resolve(event.data.outcome);
        });
        const script = `
          const run = ${JSON.stringify(run)};
          const post = (outcome) => parent.postMessage({ nonce: ${JSON.stringify(nonce)}, outcome }, '*');
          try {
            const client = await import(run.clientUrl);
            const scenario = await import(run.scenarioUrl);
            post({ ok: true, result: await scenario.run(client, run.input) });
          } catch (err) {
            post({ ok: false, error: 'origin ' + self.origin + ': ' + String(err && err.stack || err) });
          }`;
        frame.srcdoc = `<!doctype html><meta charset="utf-8"><script type="module">${script.replace(/<\//g, '<\\/')}</script>`;
        document.body.append(frame);
      }),
    run,
  );
  return unwrap('iframe', outcome as Outcome);
}
