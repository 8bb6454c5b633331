import type { ChangeSummary } from '../engine/protocol';
import { EntryIcon } from './EntryIcon';
import { entryLabel } from './format';

/** What a commit changed (SPEC §6): added, modified (old → new version) and removed paths with their types. */
export function ChangeSummaryView({ summary }: { summary: ChangeSummary }) {
  const total = summary.added.length + summary.modified.length + summary.removed.length;
  if (total === 0) return <p className="cp-empty">No changes to files (settings or runs only).</p>;
  return (
    <ul className="cp-summary" aria-label="Changed paths">
      {summary.added.map((c) => (
        <SummaryRow key={`a${c.path}`} kind="added" path={c.path} entryType={c.entryType} version={`v${c.version}`} />
      ))}
      {summary.modified.map((c) => (
        <SummaryRow key={`m${c.path}`} kind="modified" path={c.path} entryType={c.entryType} version={`v${c.from} → v${c.to}`} />
      ))}
      {summary.removed.map((c) => (
        <SummaryRow key={`r${c.path}`} kind="removed" path={c.path} entryType={c.entryType} version={`v${c.version}`} />
      ))}
    </ul>
  );
}

function SummaryRow({ kind, path, entryType, version }: { kind: 'added' | 'modified' | 'removed'; path: string; entryType: string; version: string }) {
  return (
    <li className={`cp-change cp-change--${kind}`}>
      <EntryIcon entryType={entryType} />
      <span className="cp-change-name cp-path">{path}</span>
      <span className="cp-change-detail">
        {entryLabel(entryType)} · {version}
      </span>
      <span className="cp-kind-word">{kind}</span>
    </li>
  );
}
