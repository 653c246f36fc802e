/**
 * Codec lookup. YAML codecs are imported lazily so the browser bundle only
 * pulls in the `yaml` package when a YAML file is actually touched.
 */
import type { CodecName } from '../types.ts';
import type { Codec } from './types.ts';

/** Loads the codec for `name`. */
export async function loadCodec(name: CodecName): Promise<Codec> {
  switch (name) {
    case 'ini':
      return (await import('./ini.ts')).iniCodec;
    case 'toml':
      return (await import('./ini.ts')).tomlCodec;
    case 'keyvalue':
      return (await import('./ini.ts')).keyValueCodec;
    case 'json-whole':
      return (await import('./json.ts')).jsonWholeCodec;
    case 'json-keys':
      return (await import('./json.ts')).jsonKeysCodec;
    case 'docker-auth':
      return (await import('./json.ts')).dockerAuthCodec;
    case 'yaml-key':
      return (await import('./yaml-key.ts')).yamlKeyCodec;
    case 'kubeconfig':
      return (await import('./kubeconfig.ts')).kubeconfigCodec;
    case 'netrc':
      return (await import('./netrc.ts')).netrcCodec;
    case 'token':
      return (await import('./token.ts')).tokenCodec;
    case 'raw':
      return (await import('./token.ts')).rawCodec;
  }
}

export type { Codec, Fields } from './types.ts';
