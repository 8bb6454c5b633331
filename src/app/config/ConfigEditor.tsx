import type { OnMount } from '@monaco-editor/react';
import type { JSONSchema } from 'monaco-yaml';
import { lazy, Suspense, useEffect, useRef } from 'react';
import { useStore } from 'zustand';
import type { ConfigProblem, FactoryInfo } from '../engine/protocol';
import { setEditorInput } from '../state/console';
import { engine } from '../state/engine';
import { type Loaded, useEngineValue } from '../viewer/useEngineValue';
import { type ConfigView, configViewStore, setConfigView } from './configView';
import { ConfigForm, fieldId } from './form/ConfigForm';
import { ProblemsList } from './ProblemsList';
import './config.css';

const CodeEditor = lazy(() => import('../viewer/monaco/CodeEditor'));

type Editor = Parameters<OnMount>[0];

export interface ConfigEditorProps {
  /** The Monaco model's identity (one per node or dialog). */
  readonly modelPath: string;
  readonly text: string;
  readonly onChange: (text: string) => void;
  readonly factory: FactoryInfo;
  /** Every factory the engine knows, for nested configs (a `dynamic-dir` entry's). */
  readonly factories: readonly FactoryInfo[];
  readonly problems: Loaded<readonly ConfigProblem[]>;
  readonly label: string;
  /** Ctrl+S / Cmd+S inside the editor. */
  readonly onSave?: () => void;
}

/**
 * A factory config, edited as a form generated from the factory's JSON Schema or as YAML in Monaco with
 * monaco-yaml checking it against that schema (completion, hover, squiggles). Both views edit the same
 * text, so switching keeps comments and key order. Under them, the problems the factory's own validation
 * finds; choosing one shows its field in the form, or puts the YAML cursor on its line.
 */
export function ConfigEditor({ modelPath, text, onChange, factory, factories, problems, label, onSave }: ConfigEditorProps) {
  const view = useStore(configViewStore, (s) => s.view);
  const editor = useRef<Editor | null>(null);
  const form = useRef<HTMLDivElement>(null);
  // A problem picked in the form view whose field is not shown there waits for the YAML editor to mount.
  const pending = useRef<ConfigProblem | null>(null);
  const secrets = useEngineValue(() => engine().call('secrets', {}), []);
  // The console's `mknod … --config -` reads this editor's text while it is open (SPEC §8).
  useEffect(() => setEditorInput(text), [text]);
  useEffect(() => () => setEditorInput(null), []);
  const revealLine = (current: Editor, problem: ConfigProblem): void => {
    const position = { lineNumber: problem.line, column: problem.column ?? 1 };
    current.setPosition(position);
    current.revealPositionInCenter(position);
    current.focus();
  };
  const pick = (problem: ConfigProblem): void => {
    if (view === 'form' && problem.keyPath !== undefined) {
      const field = form.current?.querySelector<HTMLElement>(`[data-path="${CSS.escape(fieldId(problem.keyPath))}"]`);
      const control = field?.querySelector<HTMLElement>('input, select, textarea, button');
      if (control !== null && control !== undefined) {
        control.focus();
        field?.scrollIntoView({ block: 'nearest' });
        return;
      }
    }
    if (view === 'yaml' && editor.current !== null) {
      revealLine(editor.current, problem);
      return;
    }
    pending.current = problem;
    setConfigView('yaml');
  };
  return (
    <div className="config-editor">
      <div className="config-view-tabs" role="tablist" aria-label="Edit the config as">
        {(['form', 'yaml'] as const).map((option: ConfigView) => (
          <button
            key={option}
            type="button"
            role="tab"
            aria-selected={view === option}
            className={view === option ? 'active' : ''}
            onClick={() => setConfigView(option)}
          >
            {option === 'form' ? 'Form' : 'YAML'}
          </button>
        ))}
      </div>
      {view === 'form' ? (
        <div className="config-form-host" ref={form}>
          {secrets.status === 'error' && <p className="field-error">Could not list the secrets: {secrets.message}</p>}
          <ConfigForm
            text={text}
            onChange={onChange}
            factory={factory}
            factories={factories}
            problems={problems.status === 'ok' ? problems.value : []}
            secrets={secrets.status === 'ok' ? (secrets.value ?? []) : []}
            onShowYaml={() => setConfigView('yaml')}
          />
        </div>
      ) : (
        <div className="editor-host config-editor-host">
          <div className="config-editor-fill">
            <Suspense fallback={<p className="preview-note">Loading the editor…</p>}>
              <CodeEditor
                modelPath={modelPath}
                text={text}
                language="yaml"
                readOnly={false}
                label={label}
                onChange={onChange}
                {...(onSave === undefined ? {} : { onSave })}
                schema={factory.configSchema as JSONSchema}
                schemaName={factory.name}
                onEditor={(mounted) => {
                  editor.current = mounted;
                  const waiting = pending.current;
                  pending.current = null;
                  if (waiting !== null) revealLine(mounted, waiting);
                }}
              />
            </Suspense>
          </div>
        </div>
      )}
      <ProblemsList problems={problems} onPick={pick} />
    </div>
  );
}
