import type { SecretSource } from '../env';
import { FactoryRegistry } from '../registry';
import type { Factory } from '../types';
import { dynamicDirFactory } from './dynamicDir';
import { replicationManagerFactory } from './replicationManager';
import { syntheticTimeseriesFactory } from './syntheticTimeseries';
import { templateFactory } from './template';
import { testDirFactory } from './testDir';
import { testExecutorFactory } from './testExecutor';
import { testFileFactory } from './testFile';
import { webhookNotifierFactory } from './webhookNotifier';

export { testFileFactory, type TestFileConfig } from './testFile';
export {
  syntheticTimeseriesFactory,
  MAX_SERIES_ROWS,
  type SyntheticTimeseriesConfig,
  type SeriesPoint,
  type WaveComponent,
  type WaveType,
} from './syntheticTimeseries';
export { templateFactory, type TemplateConfig, TEMPLATE, MAX_TEMPLATE_INPUTS, MAX_TEMPLATE_INPUT_BYTES } from './template';
export { dynamicDirFactory, type DynamicDirConfig, type DynamicDirEntry, DYNAMIC_DIR, MAX_DYNAMIC_DIR_DEPTH } from './dynamicDir';
export { testDirFactory, type TestDirConfig } from './testDir';
export { replicationManagerFactory, type ReplicationManagerConfig } from './replicationManager';
export { webhookNotifierFactory, webhookPayload, type WebhookNotifierConfig, type WebhookPayload } from './webhookNotifier';
export { testExecutorFactory, type TestExecutorConfig, TEST_EXECUTOR_DIR, testExecutorResultPath } from './testExecutor';

/** Every built-in factory (SPEC §5), in name order. */
export const builtinFactories: readonly Factory<unknown>[] = [
  dynamicDirFactory,
  replicationManagerFactory,
  syntheticTimeseriesFactory,
  templateFactory,
  testDirFactory,
  testExecutorFactory,
  testFileFactory,
  webhookNotifierFactory,
];

/** A registry with every built-in factory, reading `${env:…}` values from `secrets`. */
export function createDefaultRegistry(secrets: SecretSource): FactoryRegistry {
  return new FactoryRegistry(secrets, builtinFactories);
}
