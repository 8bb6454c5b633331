import { type KeyboardEvent, useId, useState } from 'react';
import { useStore } from 'zustand';
import { commitDraft, discardDraft, draftStore, removeOp, setMessage } from '../state/draft';
import { isMirror, pondStore } from '../state/pond';
import { ConfirmDialog } from './ConfirmDialog';
import { ConflictList } from './ConflictList';
import { DraftRowView } from './DraftRowView';
import { draftRows, pathsToCheck } from './draftView';
import { usePathsExist } from './usePathsExist';

const SHOWN = 500;

/** The draft (SPEC §6): pending operations, a message, Commit and Discard — like VS Code's source control view. */
export function DraftSection() {
  const { ops, message, committing, conflicts, error, unsaved } = useStore(draftStore);
  const revision = useStore(pondStore, (s) => s.revision);
  // A mirror takes no commits from the app (its replicator writes it); its draft cannot be committed.
  const mirror = useStore(pondStore, isMirror);
  // A drop of 10,000 files makes a draft of 10,000 operations: render (and ask the engine about) the first
  // SHOWN only, or every batch of the copy would re-render them all and freeze the page.
  const shown = ops.length > SHOWN ? ops.slice(0, SHOWN) : ops;
  const exists = usePathsExist(pathsToCheck(shown), revision);
  const [confirming, setConfirming] = useState(false);
  const headingId = useId();
  const rows = draftRows(shown, exists);
  const empty = ops.length === 0;

  function onMessageKeyDown(event: KeyboardEvent<HTMLTextAreaElement>): void {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      if (!empty && !committing && !mirror) void commitDraft();
    }
  }

  return (
    <section className="cp-section" aria-labelledby={headingId}>
      <h3 id={headingId} className="cp-heading">
        Changes <span className="cp-count">{ops.length}</span>
      </h3>
      <textarea
        className="cp-message"
        aria-label="Commit message"
        placeholder="Message (Ctrl+Enter to commit)"
        value={message}
        onChange={(e) => setMessage(e.target.value)}
        onKeyDown={onMessageKeyDown}
        rows={2}
        disabled={committing}
      />
      <div className="cp-actions">
        <button type="button" className="cp-primary" onClick={() => void commitDraft()} disabled={empty || committing || mirror} title={mirror ? 'A mirror is read-only: promote it to commit' : undefined}>
          {committing ? 'Committing…' : 'Commit'}
        </button>
        <button type="button" onClick={() => setConfirming(true)} disabled={empty || committing}>
          Discard
        </button>
      </div>
      {committing ? <progress className="cp-progress" aria-label="Committing" /> : null}
      {mirror && <p className="cp-empty">This pond is a read-only mirror: promote it to commit changes.</p>}
      {unsaved !== null && (
        <p className="cp-error" role="status">
          {unsaved}
        </p>
      )}
      {conflicts.length > 0 ? <ConflictList conflicts={conflicts} /> : error === null ? null : <p className="cp-error" role="alert">{error}</p>}
      {empty ? (
        <p className="cp-empty">No pending changes. Changes made in the tree collect here until you commit them.</p>
      ) : (
        <ul className="cp-changes" aria-label="Pending changes">
          {rows.map((row) => (
            <DraftRowView key={row.index} row={row} onRemove={() => removeOp(row.index)} disabled={committing} />
          ))}
          {ops.length > shown.length ? <li className="cp-more">and {ops.length - shown.length} more</li> : null}
        </ul>
      )}
      {confirming ? (
        <ConfirmDialog
          title="Discard all changes?"
          body={`${ops.length} pending change${ops.length === 1 ? '' : 's'} will be lost. This cannot be undone.`}
          confirm="Discard"
          onConfirm={() => {
            discardDraft();
            setConfirming(false);
          }}
          onCancel={() => setConfirming(false)}
        />
      ) : null}
    </section>
  );
}
