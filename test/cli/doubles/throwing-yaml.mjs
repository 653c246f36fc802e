// Test double for the `yaml` package: the real one, except that parsing a gh
// hosts.yml (text with `oauth_token:`) throws the kind of error a broken
// library throws. Loaded into the built CLI by register-throwing-yaml.mjs.
import * as real from 'yaml';

export * from 'yaml';
export default real.default;

export function parseDocument(text, ...rest) {
  if (String(text).includes('oauth_token:')) throw new TypeError('test double: the yaml library failed\nsecret text below must not be shown');
  return real.parseDocument(text, ...rest);
}
