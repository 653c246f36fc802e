/**
 * The secret page: verified values (masked; reveal, copy), edit and save
 * (a conflict offers reload-and-reapply), delete with typed confirmation,
 * the verification (signer, fingerprint, chain and high-water mark), then
 * history and sharing. A version the SDK refuses (IntegrityError) shows the
 * error only: nothing from it reaches the page.
 * @module
 */
import { ConflictError, type Secret, type VersionInfo } from '../../client/browser.ts';
import type { App } from '../app.ts';
import { field, h, replace, when } from '../dom.ts';
import { patchOf, valuesEditor } from '../editor.ts';
import { providerWhere } from '../providers.ts';
import { maskedValues } from '../values.ts';
import { historySection } from './history.ts';
import { sharingSection } from './sharing.ts';

/** `#/secret/<address>` */
export async function secretView(app: App, main: HTMLElement, address: string): Promise<void> {
  replace(main, h('h1', {}, address), h('p', { class: 'muted' }, 'Fetching and verifying…'));
  const secret = await app.client.secret(address);
  const history = await secret.history();
  await render(app, main, secret, history);
}

async function render(app: App, main: HTMLElement, secret: Secret, history: VersionInfo[]): Promise<void> {
  const canWrite = secret.access !== 'read';
  const body = h('div');
  const showValues = (): void => replace(body, maskedValues(secret.values, `Values of ${secret.address}`),
    canWrite && !secret.pending ? h('button', { type: 'button', onclick: () => edit(app, body, secret, main) }, 'Edit values') : null);
  showValues();
  replace(main,
    h('h1', {}, secret.address),
    h('p', { class: 'muted' }, [
      secret.provider ? `${secret.provider.name}: ${providerWhere(secret.provider.name)}. ` : 'Plain values. ',
      `Owner ${secret.owner.handle}; your access: ${secret.access}; version ${secret.currentVersion}, ${when(secret.updatedAt)}.`,
    ]),
    secret.rotate ? h('p', { class: 'flag-note' }, 'Someone’s access was removed: rotate the upstream credential (what they read cannot be unread), then save the new value here.') : null,
    secret.pending ? pendingNote(app, secret, main) : null,
    h('section', { 'aria-labelledby': 'values-h' }, h('h2', { id: 'values-h' }, 'Values'), body),
    await verification(app, secret, history),
    historySection(app, secret, history, () => rerender(app, main, secret)),
    secret.access === 'owner' ? await sharingSection(app, secret) : null,
    canWrite ? deleteSection(app, secret) : null);
}

async function rerender(app: App, main: HTMLElement, secret: Secret): Promise<void> {
  await render(app, main, secret, await secret.history());
}

function pendingNote(app: App, secret: Secret, main: HTMLElement): HTMLElement {
  return h('div', { class: 'pending' },
    h('p', {}, `${secret.owner.handle} shared this with you and you have not accepted it yet: the CLI does not place it until you do.`),
    h('button', { type: 'button', onclick: () => void app.busy('Accepting…', async () => {
      await secret.accept();
      await rerender(app, main, secret);
      app.say(`Accepted ${secret.address}.`);
    }) }, 'Accept share'), ' ',
    h('button', { type: 'button', class: 'secondary', onclick: () => void app.busy('Declining…', async () => {
      await secret.decline();
      app.say(`Declined ${secret.address}.`);
      app.go('#/');
    }) }, 'Decline share'));
}

/** Who signed the shown version, their fingerprint, and what was checked. */
async function verification(app: App, secret: Secret, history: VersionInfo[]): Promise<HTMLElement> {
  const author = secret.author!;
  const card = await app.client.verify(author.handle);
  const mine = author.id === app.me.id;
  return h('section', { 'aria-labelledby': 'verify-h', class: 'verified' },
    h('h2', { id: 'verify-h' }, 'Verification'),
    h('ul', {},
      h('li', {}, `Version ${secret.currentVersion} is signed by ${author.handle}${mine ? ' (you)' : ''}, ${when(secret.updatedAt)}.`),
      h('li', {}, 'Signer fingerprint ', h('code', { class: 'fp', 'data-signer-fp': '' }, card.fingerprint)),
      h('li', {}, 'In words: ', h('span', { class: 'words' }, card.fingerprintWords.join(' '))),
      h('li', {}, `Key card ${card.status === 'changed' ? 'CHANGED since this browser pinned it: compare the fingerprint with them' : 'matches the one this browser pinned'}.`),
      h('li', {}, `Chain of ${history.length} version${history.length === 1 ? '' : 's'} checked (each signed and linked to the one before), and it contains the newest version this browser has seen.`)));
}

/** Edit mode; a conflict reloads the newest version and applies the same change to it for review. */
function edit(app: App, body: HTMLElement, secret: Secret, main: HTMLElement): void {
  const before = secret.values;
  const editor = valuesEditor(before);
  const out = h('div');
  const form = h('form', { 'aria-label': 'Edit values', onsubmit: (e: Event) => {
    e.preventDefault();
    replace(out);
    void app.busy('Encrypting and saving…', async () => {
      const next = editor.read();
      try {
        await secret.set(next).save();
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
        replace(out, h('div', { class: 'error', role: 'alert' },
          h('p', {}, 'Someone saved a newer version while you were editing; nothing of yours was written.'),
          h('button', { type: 'button', onclick: () => void app.busy('Reloading…', async () => {
            await secret.reload();
            secret.update(patchOf(before, next));
            app.say(`Reloaded version ${secret.currentVersion} and applied your change again; check it and save.`);
            edit(app, body, secret, main);
          }) }, 'Reload and reapply my change')));
        app.say('');
        return;
      }
      await rerender(app, main, secret);
      app.say(`Saved version ${secret.currentVersion}.`);
    });
  } }, editor.el, h('div', { class: 'row' }, h('button', { type: 'submit' }, 'Save'),
    h('button', { type: 'button', class: 'secondary', onclick: () => void app.busy('Reloading…', async () => {
      await secret.reload();
      await rerender(app, main, secret);
    }) }, 'Cancel')), out);
  replace(body, form);
  form.querySelector<HTMLInputElement>('input[data-value]')?.focus();
}

function deleteSection(app: App, secret: Secret): HTMLElement {
  const confirm = h('input', { autocomplete: 'off', spellcheck: 'false' });
  const button = h('button', { type: 'submit', class: 'danger', disabled: true }, 'Delete for everyone');
  confirm.addEventListener('input', () => { button.disabled = confirm.value !== secret.name; });
  return h('section', { 'aria-labelledby': 'delete-h' },
    h('h2', { id: 'delete-h' }, 'Delete'),
    h('form', { onsubmit: (e: Event) => {
      e.preventDefault();
      if (confirm.value !== secret.name) return;
      void app.busy('Deleting…', async () => {
        await secret.delete();
        app.say(`Deleted ${secret.address} and all its versions.`);
        app.go('#/');
      });
    } }, field(`Type ${secret.name} to delete it with all its versions`, confirm), button));
}
