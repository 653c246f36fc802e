/** History of a secret: the verified chain, an old version's values (masked) and roll back. */
import type { Secret, VersionInfo } from '../../client/browser.ts';
import type { App } from '../app.ts';
import { h, replace, when } from '../dom.ts';
import { maskedValues } from '../values.ts';

/** The history section; `changed` re-renders the page after a roll back. */
export function historySection(app: App, secret: Secret, history: VersionInfo[], changed: () => Promise<void>): HTMLElement {
  const shown = h('div');
  const canWrite = secret.access !== 'read' && !secret.pending;
  const rows = [...history].reverse().map((v) => h('tr', {},
    h('th', { scope: 'row', class: 'num' }, String(v.version)),
    h('td', {}, v.author.handle),
    h('td', {}, when(v.time)),
    h('td', {}, h('code', { class: 'hash', title: v.hash }, `${v.hash.slice(0, 12)}…`)),
    h('td', { class: 'actions' },
      h('button', { type: 'button', class: 'secondary', onclick: () => void app.busy(`Verifying version ${v.version}…`, async () => {
        const old = await secret.version(v.version);
        replace(shown, h('h3', {}, `Version ${old.version} by ${old.author.handle}, ${when(old.time)}`), maskedValues(old.values, `Values of version ${old.version}`));
      }) }, `View v${v.version}`), ' ',
      canWrite && v.version !== secret.currentVersion
        ? h('button', { type: 'button', class: 'secondary', onclick: () => void app.busy(`Rolling back to version ${v.version}…`, async () => {
          await secret.rollback(v.version);
          await changed();
          app.say(`Rolled back: version ${secret.currentVersion} has the values of version ${v.version}.`);
        }) }, `Roll back to v${v.version}`)
        : null)));
  return h('section', { 'aria-labelledby': 'history-h' },
    h('h2', { id: 'history-h' }, 'History'),
    h('table', { class: 'history' }, h('caption', { class: 'sr-only' }, 'Verified versions, newest first'),
      h('thead', {}, h('tr', {}, ['Version', 'Author', 'Time', 'Hash', 'Actions'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, rows)),
    shown);
}
