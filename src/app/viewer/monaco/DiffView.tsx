import { DiffEditor, type DiffOnMount } from '@monaco-editor/react';
import { useEffect, useRef } from 'react';
import './setup';
import { useColorScheme } from './useColorScheme';

export interface DiffViewProps {
  readonly original: string;
  readonly modified: string;
  readonly language: string;
  /** Side by side, or one column with removed and added lines interleaved. */
  readonly sideBySide: boolean;
  /** Identity of the two models, so two diffs never share one. */
  readonly modelKey: string;
}

/**
 * Monaco's diff editor over two texts, read-only. Loaded lazily with Monaco itself. Mount one per pair of
 * texts (key it by `modelKey`).
 */
export default function DiffView({ original, modified, language, sideBySide, modelKey }: DiffViewProps) {
  const scheme = useColorScheme();
  const mounted = useRef<Parameters<DiffOnMount>[0] | null>(null);
  // @monaco-editor/react disposes the models before the diff editor that shows them, which Monaco reports
  // as an error ("TextModel got disposed before DiffEditorWidget model got reset"). So the models are kept
  // (keepCurrent…Model) and disposed here, after the editor has let go of them.
  useEffect(
    () => () => {
      const editor = mounted.current;
      const models = editor?.getModel();
      editor?.setModel(null);
      models?.original.dispose();
      models?.modified.dispose();
    },
    [],
  );
  return (
    <DiffEditor
      keepCurrentOriginalModel
      keepCurrentModifiedModel
      onMount={(editor) => {
        mounted.current = editor;
      }}
      original={original}
      modified={modified}
      language={language}
      originalModelPath={`diff-a/${modelKey}`}
      modifiedModelPath={`diff-b/${modelKey}`}
      theme={scheme === 'dark' ? 'duckpond-dark' : 'duckpond-light'}
      loading={<p className="preview-note">Loading the editor…</p>}
      options={{
        readOnly: true,
        originalEditable: false,
        renderSideBySide: sideBySide,
        minimap: { enabled: false },
        scrollBeyondLastLine: false,
        automaticLayout: true,
        fontSize: 13,
        unicodeHighlight: { ambiguousCharacters: false },
      }}
    />
  );
}
