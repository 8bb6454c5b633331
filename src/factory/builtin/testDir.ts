import { defineFactory } from '../registry';

/** `test-dir` config (seed `TestDirectoryConfig`). */
export interface TestDirConfig {
  readonly name: string;
  readonly metadata?: Readonly<Record<string, string>>;
}

/** A directory factory producing an empty dynamic directory (seed test pattern). */
export const testDirFactory = defineFactory<TestDirConfig>({
  name: 'test-dir',
  description: 'An empty dynamic directory with a name and optional metadata (for tests and demos).',
  kind: 'directory',
  configSchema: {
    type: 'object',
    description: 'An empty dynamic directory.',
    properties: {
      name: {
        type: 'string',
        description: 'A display name for the directory.',
      },
      metadata: {
        type: 'object',
        description: 'Free-form string labels kept with the configuration.',
        additionalProperties: { type: 'string', description: 'A label value.' },
      },
    },
    required: ['name'],
    additionalProperties: false,
  },
  examples: [
    { title: 'A named directory', yaml: 'name: processors\n' },
    { title: 'With metadata', yaml: 'name: processors\nmetadata:\n  owner: data-team\n  purpose: demo\n' },
  ],
  async createDirectory() {
    return [];
  },
});
