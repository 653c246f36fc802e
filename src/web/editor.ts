/**
 * The values editor: one labelled key field and one masked value field per
 * row, rows added and removed with buttons. Reading it checks for empty or
 * repeated keys; the SDK checks the rest (sizes, characters).
 * @module
 */
import { BadInputError } from '../client/browser.ts';
import { h } from './dom.ts';

/** An editor for `values`; `read()` returns them or throws a message to show. */
export function valuesEditor(values: Record<string, string>): { el: HTMLElement; read(): Record<string, string> } {
  const rows = h('div', { class: 'rows' });
  let n = 0;
  const addRow = (key: string, value: string): void => {
    const i = ++n;
    const k = h('input', { name: `key-${i}`, id: `key-${i}`, value: key, autocomplete: 'off', spellcheck: 'false', 'data-key': '' });
    const v = h('input', { name: `value-${i}`, id: `value-${i}`, value, type: 'password', autocomplete: 'off', spellcheck: 'false', 'data-value': '' });
    const row = h('div', { class: 'row kv' },
      h('label', { for: k.id, class: 'sr-only' }, `Key ${i}`), k,
      h('label', { for: v.id, class: 'sr-only' }, `Value ${i}`), v,
      h('button', { type: 'button', class: 'secondary', 'aria-label': `Show value ${i}`, onclick: (e: Event) => {
        v.type = v.type === 'password' ? 'text' : 'password';
        (e.currentTarget as HTMLButtonElement).textContent = v.type === 'password' ? 'Show' : 'Hide';
      } }, 'Show'),
      h('button', { type: 'button', class: 'secondary', 'aria-label': `Remove key ${i}`, onclick: () => row.remove() }, 'Remove'));
    rows.append(row);
  };
  for (const [key, value] of Object.entries(values)) addRow(key, value);
  if (n === 0) addRow('', '');
  const el = h('fieldset', { class: 'editor' }, h('legend', {}, 'Values'), rows,
    h('button', { type: 'button', class: 'secondary', onclick: () => { addRow('', ''); rows.querySelector<HTMLInputElement>('.kv:last-child input')?.focus(); } }, 'Add a key'));
  return {
    el,
    read() {
      const out: Record<string, string> = {};
      for (const row of rows.querySelectorAll('.kv')) {
        const key = row.querySelector<HTMLInputElement>('[data-key]')!.value.trim();
        const value = row.querySelector<HTMLInputElement>('[data-value]')!.value;
        if (!key && !value) continue;
        if (!key) throw new BadInputError('a value has no key; give every value a key such as api_key');
        if (key in out) throw new BadInputError(`the key "${key}" appears twice; keep one`);
        out[key] = value;
      }
      if (Object.keys(out).length === 0) throw new BadInputError('a secret needs at least one key and value');
      return out;
    },
  };
}

/** What changed from `before` to `after`, as an update() patch (null removes a key). */
export function patchOf(before: Record<string, string>, after: Record<string, string>): Record<string, string | null> {
  const patch: Record<string, string | null> = {};
  for (const key of Object.keys(before)) if (!(key in after)) patch[key] = null;
  for (const [key, value] of Object.entries(after)) if (before[key] !== value) patch[key] = value;
  return patch;
}
