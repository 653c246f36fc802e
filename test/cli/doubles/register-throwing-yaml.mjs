// `node --import` this file to swap `yaml` for throwing-yaml.mjs in the built
// CLI (which loads its packages from node_modules, so the swap reaches it).
import { register } from 'node:module';

register(new URL('./yaml-hooks.mjs', import.meta.url));
