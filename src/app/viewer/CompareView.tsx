import { lazy, Suspense, useState } from 'react';
import type { TableSource, VersionEntry } from '../engine/protocol';
import { formatBytes } from '../shell/format';
import { engine } from '../state/engine';
import { pondStore } from '../state/pond';
import { EDITOR_LIMIT, languageOf } from './content';
import { asText } from './decode';
import { TableDiffView } from './table/TableDiffView';
import { useEngineValue } from './useEngineValue';
import { type Shown, defaultPair, versionLabel } from './versions';

const DiffView = lazy(() => import('./monaco/DiffView'));

export interface CompareViewProps {
  readonly path: string;
  readonly entryType: string;
  readonly asOf: number | null;
  readonly versions: readonly VersionEntry[];
  readonly drafted: Uint8Array | null;
}

/**
 * Any two versions of a file side by side (SPEC §8): a line diff for text, row and column changes for
 * tables, and for anything else (binary, or text too large for a line diff) sizes and whether they differ.
 */
export function CompareView({ path, entryType, asOf, versions, drafted }: CompareViewProps) {
  const initial = defaultPair(versions, drafted !== null);
  const [a, setA] = useState<Shown | null>(initial?.[0] ?? null);
  const [b, setB] = useState<Shown | null>(initial?.[1] ?? null);
  const [sideBySide, setSideBySide] = useState(true);
  if (a === null || b === null) return <p className="preview-note">There is only one version of {path}: nothing to compare yet.</p>;
  const choices: Shown[] = [...(drafted === null ? [] : ['draft' as const]), ...[...versions].reverse().map((v) => v.version)];
  const name = (shown: Shown): string => (shown === 'draft' ? 'Draft (not committed)' : versionLabel(versions.find((v) => v.version === shown) as VersionEntry));
  const picker = (label: string, value: Shown, onChange: (shown: Shown) => void) => (
    <label className="version-picker">
      <span className="muted">{label}</span>
      <select value={String(value)} onChange={(event) => onChange(event.target.value === 'draft' ? 'draft' : Number(event.target.value))}>
        {choices.map((shown) => (
          <option key={shown} value={String(shown)}>
            {name(shown)}
          </option>
        ))}
      </select>
    </label>
  );
  const isTable = entryType.startsWith('table:') && a !== 'draft' && b !== 'draft';
  const source = (shown: number): TableSource => ({ path, version: shown, ...(asOf === null ? {} : { asOf }) });
  return (
    <div className="viewer-body compare">
      <div className="viewer-toolbar" role="group" aria-label="Versions compared">
        {picker('From', a, setA)}
        <span aria-hidden="true">→</span>
        {picker('To', b, setB)}
        <span className="toolbar-gap" />
        {!isTable && (
          <label className="check">
            <input type="checkbox" checked={sideBySide} onChange={(event) => setSideBySide(event.target.checked)} /> Side by side
          </label>
        )}
      </div>
      {isTable ? (
        <TableDiffView a={source(a as number)} b={source(b as number)} />
      ) : (
        <TextCompare path={path} asOf={asOf} a={a} b={b} drafted={drafted} sideBySide={sideBySide} />
      )}
    </div>
  );
}

function TextCompare({ path, asOf, a, b, drafted, sideBySide }: { path: string; asOf: number | null; a: Shown; b: Shown; drafted: Uint8Array | null; sideBySide: boolean }) {
  const revision = pondStore.getState().revision;
  const read = (shown: Shown): Promise<Uint8Array> =>
    shown === 'draft' ? Promise.resolve(drafted as Uint8Array) : engine().call('read', { path, version: shown, ...(asOf === null ? {} : { asOf }) });
  const pair = useEngineValue(() => Promise.all([read(a), read(b)]), [path, asOf, a, b, drafted, revision]);
  if (pair.status === 'loading') return <p className="preview-note">Loading both versions…</p>;
  if (pair.status === 'error') return <p className="field-error">Could not read a version of {path}: {pair.message}</p>;
  if (pair.value === null) return null;
  const [bytesA, bytesB] = pair.value;
  const [textA, textB] = [bytesA, bytesB].map((bytes) => (bytes.length <= EDITOR_LIMIT ? asText(bytes) : null));
  if (textA === null || textA === undefined || textB === null || textB === undefined) {
    const same = bytesA.length === bytesB.length && bytesA.every((byte, i) => byte === bytesB[i]);
    return (
      <p className="preview-note" role="status">
        {same ? 'The two versions are identical' : 'The two versions differ'}: {formatBytes(bytesA.length)} → {formatBytes(bytesB.length)}. A line diff is shown for text up to{' '}
        {formatBytes(EDITOR_LIMIT)}; download the versions to compare them with another tool.
      </p>
    );
  }
  return (
    <div className="editor-host">
      <Suspense fallback={<p className="preview-note">Loading the editor…</p>}>
        <DiffView key={`${asOf ?? ''}${path}@${a}..${b}`} original={textA} modified={textB} language={languageOf(path)} sideBySide={sideBySide} modelKey={`${asOf ?? ''}${path}@${a}..${b}`} />
      </Suspense>
    </div>
  );
}
