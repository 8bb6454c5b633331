import { type DraftRow, KIND_LETTER } from './draftView';
import { EntryIcon } from './EntryIcon';

/** One pending operation: kind letter and word, icon, path, detail, and a button removing it from the draft. */
export function DraftRowView({ row, onRemove, disabled }: { row: DraftRow; onRemove: () => void; disabled: boolean }) {
  const name = row.path.slice(row.path.lastIndexOf('/') + 1) || '/';
  const folder = row.path.slice(0, row.path.lastIndexOf('/')) || '/';
  return (
    <li className={`cp-change cp-change--${row.kind}`} title={row.described}>
      <EntryIcon entryType={row.entryType} />
      <span className="cp-change-name">{name}</span>
      <span className="cp-change-dir">{folder}</span>
      {row.detail === null ? null : <span className="cp-change-detail">{row.detail}</span>}
      <span className="cp-kind" title={row.kind}>
        <span aria-hidden="true">{KIND_LETTER[row.kind]}</span>
        <span className="sr-only">{row.kind}</span>
      </span>
      <button type="button" className="cp-icon-button" aria-label={`Remove ${row.described}`} title="Remove from the draft" onClick={onRemove} disabled={disabled}>
        ↶
      </button>
    </li>
  );
}
