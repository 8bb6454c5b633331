import { lazy, Suspense } from 'react';
import { useStore } from 'zustand';
import { buffersStore, dropBuffer, setBuffer } from '../state/buffers';

const CodeEditor = lazy(() => import('./monaco/CodeEditor'));

export interface TextEditorProps {
  /** The unsaved-edits key (`fileBuffer(path)` / `configBuffer(path)`). */
  readonly bufferKey: string;
  readonly modelPath: string;
  /** The text as saved (committed or drafted): edits are compared against it. */
  readonly base: string;
  readonly language: string;
  readonly label: string;
  readonly readOnly: boolean;
  readonly onSave?: (text: string) => void;
}

/**
 * Monaco over a text with unsaved edits kept in the buffers store: an edit that returns the text to its base
 * is no edit at all. Read-only texts (past versions, dynamic content, time travel) never create a buffer.
 */
export function TextEditor({ bufferKey, modelPath, base, language, label, readOnly, onSave }: TextEditorProps) {
  const buffer = useStore(buffersStore, (s) => s.buffers.get(bufferKey));
  const text = readOnly ? base : (buffer ?? base);
  return (
    <div className="editor-host">
      <Suspense fallback={<p className="preview-note">Loading the editor…</p>}>
        <CodeEditor
          modelPath={modelPath}
          text={text}
          language={language}
          readOnly={readOnly}
          label={label}
          onChange={readOnly ? undefined : (value) => (value === base ? dropBuffer(bufferKey) : setBuffer(bufferKey, value))}
          onSave={readOnly || onSave === undefined ? undefined : () => buffer !== undefined && onSave(buffer)}
        />
      </Suspense>
    </div>
  );
}
