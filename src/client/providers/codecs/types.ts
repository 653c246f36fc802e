/**
 * The codec interface: text in, text out, only the selected part changes.
 */

/** File keys -> string values of one part of a file. */
export type Fields = Record<string, string>;

/** A file format that can read, merge into and remove from one part of a file. */
export interface Codec {
  /** Parses the whole text (throwing ProviderFormatError on bad input) and returns the part, or null if absent. */
  read(text: string, selector: string | null, path: string): Promise<Fields | null>;
  /** Sets `fields` in the part (creating it), deletes `managed` keys not in `fields`, keeps every other byte it can. */
  write(text: string | null, selector: string | null, fields: Fields, managed: readonly string[], path: string): Promise<string>;
  /** Removes `managed` keys (and the part once empty); null means nothing is left (delete the file). */
  remove(text: string, selector: string | null, managed: readonly string[], path: string): Promise<string | null>;
  /** Semantic equality of two parts (default: same keys and strings). */
  same?(a: Fields, b: Fields, selector: string | null): Promise<boolean>;
}

/** Plain equality of two field maps. */
export function sameFields(a: Fields, b: Fields): boolean {
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && a[k] === b[k]);
}

/** Line number (1-based) of a character offset. */
export function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** The line ending a file uses. */
export function eolOf(text: string | null): string {
  return text !== null && text.includes('\r\n') ? '\r\n' : '\n';
}
