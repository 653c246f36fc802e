/**
 * Built-in provider secrets: a declarative registry of where AI and cloud
 * credentials live (files and env vars), with detection, lazy reading, safe
 * merging writes, exact undo, env maps and file materialisation.
 *
 * Browser-safe: file operations load Node helpers on demand and throw
 * ProviderUnsupportedError where there is no Node; values and env maps work
 * everywhere.
 */
export { providers, getProvider, isProvider } from './registry.ts';
export { providerSecret, detectProviders, checkValues, type LatchkeySecret, type ProviderSecretOptions, type Detection, type DetectionProblem, type EnvMap } from './secret.ts';
export { customSecret, checkSecretName, MAX_NAME_LENGTH, type CustomSecretOptions } from './custom.ts';
export { write, type WriteOptions, type ProviderValuesInput } from './write.ts';
export { remove } from './remove.ts';
export { envFor, materialize, type Materialized } from './env.ts';
export { describeLocations } from './locate.ts';
export { EXEC_FIELDS, execFieldsIn, type ExecField } from './exec-fields.ts';
export {
  ProviderError,
  ProviderNotFoundError,
  ProviderConflictError,
  ProviderFormatError,
  ProviderUnsafeFileError,
  ProviderUnsupportedError,
  ProviderValueError,
  ProviderExecFieldError,
  ProviderNameError,
  UnknownProviderError,
} from './errors.ts';
export type {
  ProviderValues,
  ProviderSpec,
  FileSpec,
  EnvVarSpec,
  LocationRule,
  CodecName,
  SelectorSpec,
  PointerSpec,
  KeyPairSpec,
  WriteRecord,
  FileWriteRecord,
  EnvWriteRecord,
  RemoveReport,
  PartOptions,
} from './types.ts';
