/// <reference lib="webworker" />
import { loader } from '@monaco-editor/react';
import * as monaco from 'monaco-editor/esm/vs/editor/edcore.main.js';
import 'monaco-editor/esm/vs/basic-languages/markdown/markdown.contribution.js';
import 'monaco-editor/esm/vs/basic-languages/yaml/yaml.contribution.js';
import 'monaco-editor/esm/vs/language/json/monaco.contribution.js';
import EditorWorker from 'monaco-editor/esm/vs/editor/editor.worker.js?worker';
import JsonWorker from 'monaco-editor/esm/vs/language/json/json.worker.js?worker';
import { registerCsv } from './csv';
import { enableForeignWorkers } from './foreignWorkers';
import YamlWorker from './yaml.worker?worker';

/**
 * Monaco, bundled and configured once, offline (TOOLCHAIN.md): without `loader.config({ monaco })`
 * @monaco-editor/react fetches Monaco from a CDN, which the CSP forbids and the app never does. Only the
 * editor core and the languages the viewer highlights are bundled, and this module is loaded lazily, so
 * the first paint of the app never waits for it.
 */
self.MonacoEnvironment = {
  getWorker(_workerId: string, label: string): Worker {
    // monaco-yaml's worker (schema validation, completion, hover of config editors) runs under the app's
    // CSP: it is bundled like the others and generates no code.
    if (label === 'yaml') return new YamlWorker();
    return label === 'json' ? new JsonWorker() : new EditorWorker();
  },
};
enableForeignWorkers(monaco.editor);
loader.config({ monaco });
// Monaco cancels its pending work (diff computation, word highlights) when a model is disposed, and some of
// those promises reject with its CancellationError where nobody awaits them. That is Monaco tidying up,
// not a failure: it is kept out of the console; every other rejection stays unhandled and visible.
window.addEventListener('unhandledrejection', (event) => {
  const reason: unknown = event.reason;
  if (reason instanceof Error && reason.name === 'Canceled' && reason.message === 'Canceled') event.preventDefault();
});
registerCsv(monaco);

export { monaco };
