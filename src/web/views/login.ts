/**
 * Log in, sign up and unlock. scrypt runs in this page (the SDK yields to the
 * event loop while it works), so a progress line with elapsed seconds is
 * shown meanwhile. A new account's Secret Key and emergency kit are shown
 * once, before entering the dashboard.
 * @module
 */
import type { LatchkeyClient, SignupResult, WhoAmI } from '../../client/browser.ts';
import { explain, newClient, type Shell } from '../app.ts';
import { field, formValues, h, replace } from '../dom.ts';
import { copyText } from '../clipboard.ts';

type Done = (client: LatchkeyClient, me: WhoAmI) => void;

/** Runs scrypt-bound `task` with a visible progress line; errors shown in `out`. */
async function withProgress<T>(out: HTMLElement, label: string, task: () => Promise<T>): Promise<T | undefined> {
  const started = Date.now();
  const text = h('span', {}, `${label}…`);
  replace(out, h('div', { class: 'progress', role: 'status' }, h('progress', { 'aria-label': label }), text));
  const tick = setInterval(() => replace(text, `${label}… ${Math.round((Date.now() - started) / 1000)} s`), 1000);
  try {
    return await task();
  } catch (error) {
    const { title, text: message } = explain(error);
    replace(out, h('div', { class: 'error', role: 'alert' }, h('strong', {}, title), h('p', {}, message)));
    return undefined;
  } finally {
    clearInterval(tick);
  }
}

const DERIVING = 'Deriving your keys from the passphrase (scrypt, a few seconds)';

/** The login page (or the unlock form after an idle lock). */
export function loginView(done: Done, shell: Shell): void {
  const main = shell.main;
  if (shell.lockedHandle) return unlockForm(done, shell, shell.lockedHandle);
  const loginOut = h('div', { class: 'out' });
  const secretKey = h('input', { name: 'secretKey', autocomplete: 'off', spellcheck: 'false', placeholder: 'LK-XXXXX-…' });
  const login = h('form', { 'aria-labelledby': 'login-h', onsubmit: (e: Event) => {
    e.preventDefault();
    const v = formValues(login);
    const client = newClient();
    void withProgress(loginOut, DERIVING, () => client.login({ handle: v.handle!.trim(), passphrase: v.passphrase!, ...(v.secretKey?.trim() ? { secretKey: v.secretKey.trim() } : {}) }))
      .then((me) => (me ? done(client, me) : undefined))
      .catch(() => undefined);
  } },
  h('h2', { id: 'login-h' }, 'Log in'),
  field('Handle', h('input', { name: 'handle', required: true, autocomplete: 'username', autocapitalize: 'none', spellcheck: 'false' })),
  field('Passphrase', h('input', { name: 'passphrase', type: 'password', required: true, autocomplete: 'current-password' })),
  field('Secret Key', secretKey, 'Only the first time on this browser: the LK-… line of your emergency kit.'),
  h('button', { type: 'submit' }, 'Log in'), loginOut);

  const signupOut = h('div', { class: 'out' });
  const signup = h('form', { 'aria-labelledby': 'signup-h', onsubmit: (e: Event) => {
    e.preventDefault();
    const v = formValues(signup);
    if (v.passphrase !== v.confirm) {
      replace(signupOut, h('div', { class: 'error', role: 'alert' }, 'The two passphrases differ; type the same passphrase twice.'));
      return;
    }
    const client = newClient();
    void withProgress(signupOut, DERIVING, () => client.signup(v.handle!.trim(), v.passphrase!))
      .then((result) => (result ? showSecretKey(shell, client, result, done) : undefined));
  } },
  h('h2', { id: 'signup-h' }, 'Create an account'),
  field('New handle', h('input', { name: 'handle', required: true, autocomplete: 'username', autocapitalize: 'none', spellcheck: 'false' }), '2-63 characters: a-z, 0-9, ".", "_" or "-".'),
  field('New passphrase', h('input', { name: 'passphrase', type: 'password', required: true, minlength: 12, autocomplete: 'new-password' }), 'At least 12 characters; several unrelated words work well.'),
  field('Passphrase again', h('input', { name: 'confirm', type: 'password', required: true, autocomplete: 'new-password' })),
  h('button', { type: 'submit' }, 'Create account'), signupOut);

  replace(main, h('h1', {}, 'latchkey'),
    h('p', {}, 'End-to-end encrypted secrets. Your passphrase and keys stay in this page; the server stores only ciphertext.'),
    h('div', { class: 'columns' }, login, signup));
}

function unlockForm(done: Done, shell: Shell, handle: string): void {
  const out = h('div', { class: 'out' });
  const form = h('form', { 'aria-labelledby': 'unlock-h', onsubmit: (e: Event) => {
    e.preventDefault();
    const client = newClient();
    void withProgress(out, DERIVING, () => client.login({ handle, passphrase: formValues(form).passphrase! }))
      .then((me) => (me ? done(client, me) : undefined));
  } },
  h('h2', { id: 'unlock-h' }, `Locked: ${handle}`),
  h('p', {}, 'The dashboard locked after 15 minutes without activity and forgot your keys. Enter your passphrase to unlock.'),
  field('Passphrase', h('input', { name: 'passphrase', type: 'password', required: true, autocomplete: 'current-password' })),
  h('button', { type: 'submit' }, 'Unlock'),
  h('button', { type: 'button', class: 'secondary', onclick: () => { shell.lockedHandle = null; shell.showLogin(); } }, 'Log in as someone else'),
  out);
  replace(shell.main, h('h1', {}, 'latchkey'), form);
  form.querySelector('input')?.focus();
}

/** Shows the new Secret Key and emergency kit once; continues only after the user confirms they kept it. */
function showSecretKey(shell: Shell, client: LatchkeyClient, result: SignupResult, done: Done): void {
  const note = h('p', { role: 'status' });
  const kit = URL.createObjectURL(new Blob([result.emergencyKit], { type: 'text/plain' }));
  const go = h('button', { type: 'button', disabled: true, onclick: () => {
    URL.revokeObjectURL(kit);
    const { secretKey: _k, emergencyKit: _e, ...me } = result;
    done(client, me);
  } }, 'Continue to my secrets');
  const saved = h('input', { type: 'checkbox', id: 'kit-saved', onchange: () => { go.disabled = !saved.checked; } });
  replace(shell.main, h('section', { 'aria-labelledby': 'kit-h', class: 'kit' },
    h('h1', { id: 'kit-h' }, 'Your Secret Key: shown once'),
    h('p', {}, 'A new browser or device needs your passphrase and this Secret Key. Nobody can recover it: save the emergency kit now (a password manager or a printout, not next to your passphrase).'),
    h('p', { class: 'secret-key' }, h('code', { 'data-secret-key': '' }, result.secretKey)),
    h('pre', { class: 'kit-text' }, result.emergencyKit),
    h('div', { class: 'row' },
      h('button', { type: 'button', onclick: () => void copyText(result.secretKey, note) }, 'Copy Secret Key'),
      h('a', { class: 'button', href: kit, download: `latchkey-emergency-kit-${result.handle}.txt` }, 'Download emergency kit')),
    note,
    h('div', { class: 'check' }, saved, h('label', { for: 'kit-saved' }, 'I have saved my Secret Key')),
    go));
  shell.say('Account created. Save your Secret Key now; it is not shown again.');
}
