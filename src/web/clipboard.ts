/**
 * Copy to the clipboard, cleared again after {@link CLEAR_AFTER_MS} if it
 * still holds what we copied (or when the browser does not let the page read
 * it back). Browsers may refuse to write without focus: the note says so.
 * @module
 */
import { replace } from './dom.ts';

/** How long a copied value stays on the clipboard. */
export const CLEAR_AFTER_MS = 30_000;

/** Copies `text` and reports in `note` what happened and when it is cleared. */
export async function copyText(text: string, note: HTMLElement): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    replace(note, 'This browser did not allow copying; select the value and copy it yourself.');
    return;
  }
  replace(note, `Copied. The clipboard is cleared in ${CLEAR_AFTER_MS / 1000} s, where the browser allows it.`);
  setTimeout(() => void clearIfOurs(text, note), CLEAR_AFTER_MS);
}

async function clearIfOurs(text: string, note: HTMLElement): Promise<void> {
  let current: string | null = null;
  try {
    current = await navigator.clipboard.readText();
  } catch {
    // Reading is not allowed here: clear anyway, a stale secret is the worse outcome.
  }
  if (current !== null && current !== text) {
    replace(note, 'The clipboard holds something else now; left as it is.');
    return;
  }
  try {
    await navigator.clipboard.writeText('');
    replace(note, 'Clipboard cleared.');
  } catch {
    replace(note, 'The browser did not let the page clear the clipboard (the page was not focused); clear it yourself.');
  }
}
