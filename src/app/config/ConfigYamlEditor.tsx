import type { OnMount } from '@monaco-editor/react';
import type { JSONSchema } from 'monaco-yaml';
import { lazy, Suspense, useEffect, useRef } from 'react';
import type { ConfigProblem, FactoryInfo } from '../engine/protocol';
import { setEditorInput } from '../state/console';
import type { Loaded } from '../viewer/useEngineValue';
import { ProblemsList } from './ProblemsList';
import './config.css';

const CodeEditor = lazy(() => import('../viewer/monaco/CodeEditor'));

type Editor = Parameters<OnMount>[0];

export interface ConfigYamlEditorProps {
  /** The Monaco model's identity (one per node or dialog). */
  readonly modelPath: string;
  readonly text: string;
  readonly onChange: (text: string) => void;
  readonly factory: FactoryInfo;
  readonly problems: Loaded<readonly ConfigProblem[]>;
  readonly label: string;
  /** Ctrl+S / Cmd+S inside the editor. */
  readonly onSave?: () => void;
}

/**
 * A factory config as YAML: Monaco with monaco-yaml checking it against the factory's JSON Schema
 * (completion of keys and enum values, hover with descriptions, squiggles as you type), and under it the
 * list of problems the factory's own validation finds; choosing one puts the cursor on its line.
 */
export function ConfigYamlEditor({ modelPath, text, onChange, factory, problems, label, onSave }: ConfigYamlEditorProps) {
  const editor = useRef<Editor | null>(null);
  // The console's `mknod … --config -` reads this editor's text while it is open (SPEC §8).
  useEffect(() => setEditorInput(text), [text]);
  useEffect(() => () => setEditorInput(null), []);
  const reveal = (problem: ConfigProblem): void => {
    const current = editor.current;
    if (current === null) return;
    const position = { lineNumber: problem.line, column: problem.column ?? 1 };
    current.setPosition(position);
    current.revealPositionInCenter(position);
    current.focus();
  };
  return (
    <div className="config-editor">
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
              onEditor={(mounted) => {
                editor.current = mounted;
              }}
            />
          </Suspense>
        </div>
      </div>
      <ProblemsList problems={problems} onPick={reveal} />
    </div>
  );
}
