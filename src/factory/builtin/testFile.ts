import { defineFactory } from '../registry';

/** `test-file` config (seed `TestFileConfig`; `mime_type` optional per SPEC §11). */
export interface TestFileConfig {
  readonly content: string;
  readonly mime_type?: string;
}

/** A file factory whose node reads as the configured content (seed test pattern). */
export const testFileFactory = defineFactory<TestFileConfig>({
  name: 'test-file',
  description: 'A dynamic file whose content is given in its configuration (for tests and demos).',
  kind: 'file',
  configSchema: {
    type: 'object',
    description: 'A file with fixed content.',
    properties: {
      content: {
        type: 'string',
        description: 'The exact content the file reads as (UTF-8). ${env:NAME} placeholders are expanded when it is read.',
      },
      mime_type: {
        type: 'string',
        description: 'The media type of the content, e.g. text/plain; informational.',
        examples: ['text/plain', 'text/csv', 'application/json'],
      },
    },
    required: ['content'],
    additionalProperties: false,
  },
  examples: [
    { title: 'A greeting', yaml: 'content: Hello from factory\nmime_type: text/plain\n' },
    { title: 'Multi-line content', yaml: 'content: |\n  line one\n  line two\n' },
  ],
  async createFile(config) {
    return new TextEncoder().encode(config.content);
  },
});
