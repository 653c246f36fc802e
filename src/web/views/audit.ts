/** The audit log, newest first, a page at a time ("Older entries" asks for the next page). */
import type { AuditEntry } from '../../client/browser.ts';
import type { App } from '../app.ts';
import { h, when } from '../dom.ts';

const WORDS: Record<AuditEntry['action'], string> = {
  'account.create': 'created the account', 'account.credentials': 'changed passphrase or Secret Key', 'account.keys': 'replaced the account keys',
  'session.create': 'logged in', 'session.delete': 'logged out', 'machine.create': 'created a machine', 'machine.delete': 'deleted a machine',
  'secret.create': 'created a secret', 'secret.version': 'saved a version', 'secret.delete': 'deleted a secret',
  'grant.put': 'shared a secret', 'grant.delete': 'removed a share', 'grant.accept': 'accepted a share',
  'group.create': 'created a group', 'group.change': 'changed a group', 'group.delete': 'deleted a group',
};

/** `#/audit` */
export async function auditView(app: App, main: HTMLElement): Promise<void> {
  const body = h('tbody');
  const more = h('button', { type: 'button', class: 'secondary' }, 'Older entries');
  const names = new Map((await app.client.secrets()).map((s) => [s.id, s.address]));
  let last: number | undefined;
  const load = async (): Promise<void> => {
    const page = await app.client.audit(last === undefined ? {} : { before: last });
    for (const e of page) {
      body.append(h('tr', {}, h('td', {}, when(e.at)), h('th', { scope: 'row' }, e.actor.handle), h('td', {}, WORDS[e.action] ?? e.action),
        h('td', {}, e.secret ? (names.get(e.secret) ?? e.secret) : ''), h('td', {}, e.subject ?? '')));
    }
    last = page.at(-1)?.id ?? last;
    more.hidden = page.length === 0;
  };
  more.addEventListener('click', () => void app.busy('Loading older entries…', load));
  await load();
  main.replaceChildren(h('h1', {}, 'Audit log'),
    h('p', { class: 'muted' }, 'What you did and what was done to what you own, as the server recorded it.'),
    h('table', {}, h('caption', { class: 'sr-only' }, 'Audit entries, newest first'),
      h('thead', {}, h('tr', {}, ['When', 'Who', 'What', 'Secret', 'Other account'].map((t) => h('th', { scope: 'col' }, t)))), body),
    more);
}
