import { DiffEditor } from '@monaco-editor/react';
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

/** Monaco's diff editor over two texts, read-only. Loaded lazily with Monaco itself. */
export default function DiffView({ original, modified, language, sideBySide, modelKey }: DiffViewProps) {
  const scheme = useColorScheme();
  return (
    <DiffEditor
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
