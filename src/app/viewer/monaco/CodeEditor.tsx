import Editor, { type OnMount } from '@monaco-editor/react';
import type { JSONSchema } from 'monaco-yaml';
import { useEffect, useRef } from 'react';
import { monaco } from './setup';
import { bindSchema } from './yamlSchemas';
import { useColorScheme } from './useColorScheme';

export interface CodeEditorProps {
  /** The model's identity: one model per file view, so each keeps its own undo history and scroll. */
  readonly modelPath: string;
  readonly text: string;
  readonly language: string;
  readonly readOnly: boolean;
  /** Accessible name of the editing area. */
  readonly label: string;
  readonly onChange?: (text: string) => void;
  /** Ctrl+S / Cmd+S inside the editor. */
  readonly onSave?: () => void;
  /** A YAML text's JSON Schema (a factory config): completion, hover and squiggles from monaco-yaml. */
  readonly schema?: JSONSchema;
  /** What hovers name the schema as (the factory's name). */
  readonly schemaName?: string;
  /** The editor once mounted (e.g. to move the cursor to a listed problem). */
  readonly onEditor?: (editor: Parameters<OnMount>[0]) => void;
}

/** Monaco over one text (highlighted by `language`), read-only or editable. Loaded lazily with Monaco itself. */
export default function CodeEditor({ modelPath, text, language, readOnly, label, onChange, onSave, schema, schemaName, onEditor }: CodeEditorProps) {
  const scheme = useColorScheme();
  // The latest handler, for the command registered once at mount.
  const save = useRef(onSave);
  save.current = onSave;
  useEffect(() => (schema === undefined ? undefined : bindSchema(monaco, modelPath, schema, schemaName ?? 'schema')), [modelPath, schema, schemaName]);
  const onMount: OnMount = (editor) => {
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, () => save.current?.());
    onEditor?.(editor);
  };
  return (
    <Editor
      path={modelPath}
      value={text}
      language={language}
      theme={scheme === 'dark' ? 'duckpond-dark' : 'duckpond-light'}
      onMount={onMount}
      onChange={(value) => onChange?.(value ?? '')}
      loading={<p className="preview-note">Loading the editor…</p>}
      options={{
        readOnly,
        domReadOnly: readOnly,
        ariaLabel: label,
        minimap: { enabled: false },
        scrollBeyondLastLine: false,
        wordWrap: language === 'markdown' || language === 'plaintext' ? 'on' : 'off',
        fontSize: 13,
        automaticLayout: true,
        renderWhitespace: 'selection',
        unicodeHighlight: { ambiguousCharacters: false },
      }}
    />
  );
}
