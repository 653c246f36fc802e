/** Machines: create (the token is shown once), list, delete. */
import type { App } from '../app.ts';
import { copyText } from '../clipboard.ts';
import { field, formValues, h, replace, when } from '../dom.ts';

/** `#/machines` */
export async function machinesView(app: App, main: HTMLElement): Promise<void> {
  const machines = await app.client.machines();
  const shown = h('div');
  const form = h('form', { 'aria-labelledby': 'new-machine-h', onsubmit: (e: Event) => {
    e.preventDefault();
    const name = formValues(form).name!.trim();
    void app.busy(`Creating machine ${name}…`, async () => {
      const m = await app.client.createMachine(name);
      const note = h('p', { role: 'status' });
      const done = h('button', { type: 'button', onclick: () => void machinesView(app, main) }, 'I stored the token: done');
      replace(main, h('section', { 'aria-labelledby': 'token-h', class: 'kit' },
        h('h1', { id: 'token-h' }, `Token for ${m.account.handle}: shown once`),
        h('p', {}, 'Put it in the machine’s secret store now (CI secret, cluster secret). It is not stored anywhere and cannot be shown again; if it is lost, delete the machine and create another.'),
        h('p', { class: 'secret-key' }, h('code', { 'data-machine-token': '' }, m.token)),
        h('button', { type: 'button', onclick: () => void copyText(m.token, note) }, 'Copy token'), note,
        h('p', {}, `Then share secrets with ${m.account.handle}; on the machine: LATCHKEY_TOKEN=… latchkey login`),
        done));
      done.focus();
    });
  } },
  h('h2', { id: 'new-machine-h' }, 'New machine'),
  field('Machine name', h('input', { name: 'name', required: true, autocomplete: 'off', spellcheck: 'false' }), 'e.g. ci or gpu-box; its handle becomes yourhandle.name'),
  h('button', { type: 'submit' }, 'Create machine'));
  replace(main, h('h1', {}, 'Machines'),
    machines.length === 0 ? h('p', {}, 'No machines yet.') : h('table', {}, h('caption', { class: 'sr-only' }, 'Your machines'),
      h('thead', {}, h('tr', {}, ['Name', 'Handle', 'Created', 'Actions'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, machines.map((m) => h('tr', {},
        h('th', { scope: 'row' }, m.name), h('td', {}, m.account.handle), h('td', {}, when(m.created)),
        h('td', {}, h('button', { type: 'button', class: 'danger', onclick: () => {
          if (!window.confirm(`Delete machine ${m.name}? Its token stops working at once.`)) return;
          void app.busy(`Deleting ${m.name}…`, async () => {
            await app.client.deleteMachine(m.name);
            await machinesView(app, main);
            app.say(`Deleted machine ${m.name}.`);
          });
        } }, `Delete ${m.name}`)))))),
    form, shown);
}
