/// <reference lib="webworker" />
import type * as Monaco from 'monaco-editor';

type Editor = typeof Monaco.editor;
/** What monaco-yaml (through monaco-worker-manager) passes: a module id, a label and its create data — no worker. */
type ForeignOptions = { readonly moduleId: string; readonly label?: string; readonly createData?: unknown; readonly host?: unknown; readonly keepIdleModels?: boolean };

/**
 * Lets `monaco.editor.createWebWorker({ moduleId, label, createData })` start a language worker, as the full
 * `monaco-editor` entry does (0.54, editor.main.js): the app bundles only the editor core (edcore), whose
 * `createWebWorker` wants a ready Worker, so monaco-yaml's worker would never receive its create data and
 * answer every request with "Missing requestHandler". The worker comes from `MonacoEnvironment.getWorker`
 * and gets the two messages its `initialize` waits for: one that is ignored, then the create data.
 */
export function enableForeignWorkers(editor: Editor): void {
  const create = editor.createWebWorker as (options: Monaco.editor.IInternalWebWorkerOptions) => Monaco.editor.MonacoWebWorker<object>;
  const createForeign = (options: Monaco.editor.IInternalWebWorkerOptions | ForeignOptions): Monaco.editor.MonacoWebWorker<object> => {
    if ('worker' in options) return create(options);
    const label = options.label ?? 'monaco-editor-worker';
    const worker = Promise.resolve(self.MonacoEnvironment?.getWorker?.(options.moduleId, label)).then((started) => {
      if (started === undefined) throw new Error(`no worker for the language label '${label}' (MonacoEnvironment.getWorker)`);
      started.postMessage('ignore');
      started.postMessage(options.createData);
      return started;
    });
    return create({ worker, host: options.host, keepIdleModels: options.keepIdleModels ?? false });
  };
  (editor as { createWebWorker: unknown }).createWebWorker = createForeign;
}
