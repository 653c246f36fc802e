/**
 * The secrets list, from the listing alone (nothing is fetched per secret or
 * decrypted), with a text and provider filter; the shares waiting for your
 * consent above it; and the new-secret form.
 * @module
 */
import type { PendingShare, SecretInfo } from '../../client/browser.ts';
import type { App } from '../app.ts';
import { field, h, replace, when } from '../dom.ts';
import { valuesEditor } from '../editor.ts';
import { providerNames, providerTargets, providerWhere } from '../providers.ts';

/** `#/secret/<address>` */
export function secretRoute(address: string): string {
  return `#/secret/${encodeURIComponent(address)}`;
}

function row(s: SecretInfo): HTMLTableRowElement {
  const tr = h('tr', { 'data-search': `${s.name} ${s.owner.handle} ${s.provider ?? ''}`.toLowerCase(), 'data-provider': s.provider ?? '' },
    h('th', { scope: 'row' }, h('a', { href: secretRoute(s.address) }, s.address)),
    h('td', {}, s.provider ? [s.provider, h('br'), h('small', { class: 'muted' }, providerTargets(s.provider))] : '-'),
    h('td', {}, s.owner.handle),
    h('td', {}, s.accepted ? s.access : `${s.access} (pending)`),
    h('td', { class: 'num' }, String(s.version)),
    h('td', {}, when(s.updatedAt)),
    h('td', {}, s.rotate ? h('span', { class: 'flag', title: 'Someone lost access: rotate the upstream credential' }, 'rotate') : ''));
  return tr;
}

function pendingList(app: App, pending: PendingShare[]): HTMLElement | null {
  if (pending.length === 0) return null;
  return h('section', { 'aria-labelledby': 'pending-h', class: 'pending' },
    h('h2', { id: 'pending-h' }, `Shares waiting for you (${pending.length})`),
    h('p', {}, 'Accept a share only if the owner’s fingerprint matches what they told you. Until then it is never placed by the CLI.'),
    h('ul', {}, pending.map((p) => h('li', { 'data-pending': p.address },
      h('strong', {}, p.address), ` from ${p.owner.handle} (${p.access}), shared ${when(p.sharedAt)}. Owner fingerprint `,
      h('code', { class: 'fp' }, p.ownerFingerprint), ' ',
      h('button', { type: 'button', onclick: () => void app.busy(`Accepting ${p.address}…`, async () => {
        await (await app.client.secret(p.address)).accept();
        app.say(`Accepted ${p.address}.`);
        app.go(secretRoute(p.address));
      }) }, `Accept ${p.address}`), ' ',
      h('button', { type: 'button', class: 'secondary', onclick: () => void app.busy(`Declining ${p.address}…`, async () => {
        await (await app.client.secret(p.address)).decline();
        app.say(`Declined ${p.address}; your copy of its key was deleted.`);
        app.go('#/');
      }) }, `Decline ${p.address}`)))));
}

/** `#/`: the list. */
export async function listView(app: App, main: HTMLElement): Promise<void> {
  replace(main, h('h1', {}, 'Secrets'), h('p', { class: 'muted' }, 'Loading the list…'));
  const secrets = await app.client.secrets();
  // pending() lists again: only when the listing has a share not accepted yet.
  const pending = secrets.some((s) => !s.accepted) ? await app.client.pending() : [];
  const text = h('input', { type: 'search', id: 'filter-text', autocomplete: 'off' });
  const provider = h('select', { id: 'filter-provider' }, h('option', { value: '' }, 'any provider'),
    [...new Set(secrets.map((s) => s.provider).filter((p): p is string => !!p))].sort().map((p) => h('option', { value: p }, p)));
  const count = h('p', { class: 'muted', role: 'status' });
  const body = h('tbody');
  const fragment = document.createDocumentFragment();
  for (const s of secrets) fragment.append(row(s));
  body.append(fragment);
  const filter = (): void => {
    const q = text.value.trim().toLowerCase();
    const p = provider.value;
    let shown = 0;
    for (const tr of body.rows) {
      const hit = (!q || tr.dataset.search!.includes(q)) && (!p || tr.dataset.provider === p);
      tr.hidden = !hit;
      if (hit) shown++;
    }
    replace(count, `${shown} of ${secrets.length} secrets`);
  };
  text.addEventListener('input', filter);
  provider.addEventListener('change', filter);
  filter();
  replace(main,
    h('div', { class: 'row' }, h('h1', {}, 'Secrets'), h('span', { class: 'spacer' }), h('a', { class: 'button', href: '#/new' }, 'New secret')),
    pendingList(app, pending),
    h('div', { class: 'row filters', role: 'search' }, field('Filter by text', text), field('Provider', provider)),
    count,
    secrets.length === 0
      ? h('p', {}, 'No secrets yet. Create one with “New secret”, or with `latchkey set` in a terminal.')
      : h('table', { class: 'secrets' },
        h('caption', { class: 'sr-only' }, 'Your secrets and those shared with you'),
        h('thead', {}, h('tr', {}, ['Name', 'Provider', 'Owner', 'Your access', 'Version', 'Updated', 'Rotate'].map((t) => h('th', { scope: 'col' }, t)))),
        body));
}

/** `#/new`: a new secret. */
export function newSecretView(app: App, main: HTMLElement): void {
  const editor = valuesEditor({});
  const where = h('small', { class: 'hint', id: 'provider-where' });
  const provider = h('select', { name: 'provider', 'aria-describedby': 'provider-where', onchange: () => replace(where, providerWhere(provider.value || null)) },
    h('option', { value: '' }, 'none (plain values)'), providerNames.map((p) => h('option', { value: p }, p)));
  const form = h('form', { 'aria-labelledby': 'new-h', onsubmit: (e: Event) => {
    e.preventDefault();
    void app.busy('Encrypting and saving…', async () => {
      const name = (form.elements.namedItem('name') as HTMLInputElement).value.trim();
      const secret = await app.client.secret({ name, values: editor.read(), provider: provider.value || null });
      await secret.save();
      app.say(`Saved ${name} (version 1).`);
      app.go(secretRoute(secret.address));
    });
  } },
  h('h1', { id: 'new-h' }, 'New secret'),
  field('Name', h('input', { name: 'name', required: true, autocomplete: 'off', spellcheck: 'false' }), 'Letters, digits, "-", "_", "." and "/" folders, e.g. prod/openai.'),
  h('div', { class: 'field' }, h('label', { for: 'new-provider' }, 'Provider'), Object.assign(provider, { id: 'new-provider' }), where),
  editor.el,
  h('div', { class: 'row' }, h('button', { type: 'submit' }, 'Save'), h('a', { href: '#/', class: 'button secondary' }, 'Cancel')));
  replace(main, form);
}
