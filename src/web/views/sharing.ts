/**
 * Sharing (owner only): grantees with access and fingerprints; share by
 * handle, with the fingerprint they told you (the SDK refuses a mismatch);
 * unshare, with the reminder to rotate the upstream credential.
 * @module
 */
import type { Secret } from '../../client/browser.ts';
import type { App } from '../app.ts';
import { field, formValues, h, replace, when } from '../dom.ts';

/** The sharing section of a secret you own. */
export async function sharingSection(app: App, secret: Secret): Promise<HTMLElement> {
  const section = h('section', { 'aria-labelledby': 'sharing-h' });
  const out = h('div', { role: 'status' });
  const draw = async (): Promise<void> => {
    const grantees = await secret.grantees();
    const list = grantees.length === 0
      ? h('p', {}, 'Not shared with anyone.')
      : h('table', { class: 'grantees' }, h('caption', { class: 'sr-only' }, 'Who has access'),
        h('thead', {}, h('tr', {}, ['Account', 'Access', 'Fingerprint', 'Since', 'Actions'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, grantees.map((g) => h('tr', {},
          h('th', { scope: 'row' }, `${g.handle}${g.kind === 'machine' ? ' (machine)' : ''}`),
          h('td', {}, g.access), h('td', {}, h('code', { class: 'fp' }, g.fingerprint)), h('td', {}, when(g.grantedAt)),
          h('td', {}, h('button', { type: 'button', class: 'secondary', onclick: () => void app.busy(`Removing ${g.handle}…`, async () => {
            await secret.unshare(g.handle);
            await draw();
            replace(out, h('p', { class: 'flag-note' }, `${g.handle} can no longer read new versions. What they already read cannot be unread: rotate the upstream credential now and save the new value here.`));
          }) }, `Unshare ${g.handle}`))))));
    const form = h('form', { 'aria-label': 'Share', onsubmit: (e: Event) => {
      e.preventDefault();
      const v = formValues(form);
      void app.busy(`Sharing with ${v.handle}…`, async () => {
        const fp = v.fingerprint?.trim();
        const g = await secret.share(v.handle!.trim(), { access: v.access === 'write' ? 'write' : 'read', ...(fp ? { fingerprint: fp } : {}) });
        await draw();
        replace(out, h('p', {}, `Shared with ${g.handle} (${g.access}), fingerprint ${g.fingerprint}${fp ? ', checked against the one you entered' : ''}.`));
      });
    } },
    field('Handle', h('input', { name: 'handle', required: true, autocomplete: 'off', spellcheck: 'false' })),
    field('Their fingerprint (optional)', h('input', { name: 'fingerprint', autocomplete: 'off', spellcheck: 'false' }), 'As they read it to you (groups or 16 words): the share is refused if the server presents another key.'),
    field('Access', h('select', { name: 'access' }, h('option', { value: 'read' }, 'read'), h('option', { value: 'write' }, 'write'))),
    h('button', { type: 'submit' }, 'Share'));
    replace(section, h('h2', { id: 'sharing-h' }, 'Sharing'), list, form, out);
  };
  await draw();
  return section;
}
