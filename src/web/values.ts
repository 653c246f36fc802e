/**
 * Masked values: each key with its value hidden until "Reveal" (the text
 * enters the page only then) and a "Copy" that clears the clipboard again.
 * @module
 */
import { copyText } from './clipboard.ts';
import { h, replace } from './dom.ts';

const MASK = '••••••••';

/** A table of `values`, masked; `label` names the table for screen readers. */
export function maskedValues(values: Record<string, string>, label: string): HTMLElement {
  const note = h('p', { class: 'muted', role: 'status' });
  const rows = Object.entries(values).map(([key, value]) => {
    const shown = h('code', { class: 'masked', 'data-value-of': key }, MASK);
    const reveal = h('button', { type: 'button', class: 'secondary', 'aria-label': `Reveal ${key}`, onclick: () => {
      const on = shown.classList.contains('masked');
      replace(shown, on ? value : MASK);
      shown.classList.toggle('masked', !on);
      replace(reveal, on ? 'Hide' : 'Reveal');
      reveal.setAttribute('aria-label', `${on ? 'Hide' : 'Reveal'} ${key}`);
    } }, 'Reveal');
    const copy = h('button', { type: 'button', class: 'secondary', 'aria-label': `Copy ${key}`, onclick: () => void copyText(value, note) }, 'Copy');
    return h('tr', {}, h('th', { scope: 'row' }, key), h('td', {}, shown), h('td', { class: 'actions' }, reveal, ' ', copy));
  });
  return h('div', {},
    h('table', { class: 'values' }, h('caption', { class: 'sr-only' }, label),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Key'), h('th', { scope: 'col' }, 'Value'), h('th', { scope: 'col' }, 'Actions'))),
      h('tbody', {}, rows)),
    note);
}
