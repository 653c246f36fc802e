/**
 * Single-token files (huggingface) and raw text files (custom secrets).
 */
import { ProviderValueError } from '../errors.ts';
import type { Codec } from './types.ts';

/** One token, trailing newlines stripped on read; write replaces it (never appends). */
export const tokenCodec: Codec = {
  async read(text) {
    const token = text.replace(/(\r?\n)+$/, '');
    return token === '' ? null : { '*': token };
  },
  async write(_text, _selector, fields) {
    const token = fields['*'] ?? '';
    if (token === '' || /[\r\n]/.test(token)) throw new ProviderValueError('A token must be one non-empty line.');
    return `${token}\n`;
  },
  async remove() {
    return null;
  },
};

/** The whole file text as one value, byte for byte. */
export const rawCodec: Codec = {
  async read(text) {
    return { '*': text };
  },
  async write(_text, _selector, fields) {
    return fields['*'] ?? '';
  },
  async remove() {
    return null;
  },
};
