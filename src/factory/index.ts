/** Factories (SPEC §5): the registry, validation, `${env:…}` expansion, the TinyFS resolver and the built-ins. */
export * from './types';
export {
  ConfigError,
  MAX_ALIAS_COUNT,
  MAX_CONFIG_BYTES,
  applyDefaults,
  formatConfigError,
  formatIssue,
  formatKeyPath,
  locate,
  nestedConfigIssues,
  nestedConfigSource,
  nodeAt,
  parseConfig,
  relocate,
  schemaIssues,
  validateConfig,
  type CheckIssue,
  type ConfigIssue,
  type KeyPath,
  type ParsedConfig,
  type ValidateOptions,
} from './validate';
export { expandEnv, expandString, hasPlaceholders, secretLookup, staticSecrets, type SecretLookup, type SecretSource } from './env';
export { DURATION_PATTERN, parseDuration, parseIsoDateTime } from './time';
export { FactoryRegistry, defineFactory, type FactoryDefinition } from './registry';
export { registryResolver, type FactoryLogOrigin, type RegistryResolverOptions } from './resolver';
export {
  builtinFactories,
  createDefaultRegistry,
  testDirFactory,
  testExecutorFactory,
  testFileFactory,
  testExecutorResultPath,
  TEST_EXECUTOR_DIR,
  type TestDirConfig,
  type TestExecutorConfig,
  type TestFileConfig,
} from './builtin';
