// Module resolve hook: `yaml` imported by anything but the double resolves to the double.
const double = new URL('./throwing-yaml.mjs', import.meta.url).href;

export async function resolve(specifier, context, next) {
  if (specifier === 'yaml' && context.parentURL !== double) return { url: double, shortCircuit: true };
  return next(specifier, context);
}
