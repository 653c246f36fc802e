/**
 * `#provider-codecs` in the browser build (the `latchkey-slim` condition; see
 * "imports" in package.json): codecs only read and write credential files,
 * which need Node, so the single-file bundle carries none of them (nor the
 * `yaml` package) and asking for one says so.
 * @module
 */
import { ProviderUnsupportedError } from '../errors.ts';
import type * as FullVariant from './index.ts';

export const loadCodec: typeof FullVariant.loadCodec = async () => {
  throw new ProviderUnsupportedError('credential file formats are not in the browser build of latchkey; use values/env here, or the latchkey command or npm package for files');
};
