/** Account: your fingerprint (groups and words), server and session expiry. */
import type { App } from '../app.ts';
import { h, when } from '../dom.ts';
import { IDLE_LOCK_MS } from '../idle.ts';

/** `#/account` */
export async function accountView(app: App, main: HTMLElement): Promise<void> {
  const me = await app.client.whoami();
  main.replaceChildren(h('h1', {}, 'Account'),
    h('dl', { class: 'facts' },
      h('dt', {}, 'Handle'), h('dd', {}, `${me.handle} (${me.kind})`),
      h('dt', {}, 'Fingerprint'), h('dd', {}, h('code', { class: 'fp', 'data-my-fp': '' }, me.fingerprint)),
      h('dt', {}, 'In words'), h('dd', { class: 'words' }, me.fingerprintWords.join(' ')),
      h('dt', {}, 'Server'), h('dd', {}, me.server),
      h('dt', {}, 'Session expires'), h('dd', {}, when(me.expiresAt)),
      h('dt', {}, 'Locks after'), h('dd', {}, `${IDLE_LOCK_MS / 60000} minutes without activity`)),
    h('p', {}, 'Read your fingerprint to people who share with you, so they can check they have your real key.'),
    h('p', {}, 'Passphrase changes and showing the Secret Key again are done with the latchkey command: latchkey passwd, latchkey secret-key.'));
}
