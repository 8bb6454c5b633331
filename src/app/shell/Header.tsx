import { useStore } from 'zustand';
import { POND_PICKER_ID, startImport } from '../ponds/pondFileActions';
import { pondStore } from '../state/pond';
import { timeTravelStore } from '../state/timeTravel';
import { POND_FILE_EXTENSION } from '../state/pondFile';
import { type Pane, layoutStore, togglePane } from './layout';
import { StorageStatus } from './StorageStatus';
import { notify, openDialog, uiStore } from './ui';

const TOGGLES: readonly { pane: Pane; label: string; glyph: string }[] = [
  { pane: 'tree', label: 'Tree', glyph: '▤' },
  { pane: 'console', label: 'Console', glyph: '▭' },
  { pane: 'commit', label: 'Commit panel', glyph: '◨' },
];

export function Header() {
  const status = useStore(pondStore, (s) => s.status);
  const collapsed = useStore(layoutStore, (s) => s.collapsed);
  const notice = useStore(uiStore, (s) => s.notice);
  const asOf = useStore(timeTravelStore, (s) => s.asOf);
  return (
    <header className="app-header">
      <h1>DuckPond Web</h1>
      <button type="button" className="pond-switcher" aria-label="Switch pond" onClick={() => openDialog({ kind: 'ponds' })}>
        <span className="pond-name">{status?.name ?? 'No pond open'}</span>
        {status !== null && <span className="pond-txn">txn {status.txnSeq}</span>}
        <span aria-hidden="true">▾</span>
      </button>
      {/* Next to the pond's name, in the past's colour: the one place everybody looks. The banner below says more. */}
      {asOf !== null && (
        <span className="travel-chip" title={`The pond is shown as of txn ${asOf}, read-only`}>
          <span aria-hidden="true">⟲ </span>viewing txn {asOf}
        </span>
      )}
      <input
        id={POND_PICKER_ID}
        type="file"
        accept={POND_FILE_EXTENSION}
        hidden
        aria-label="Pond file to import"
        onChange={(event) => {
          const file = event.target.files?.[0];
          event.target.value = ''; // picking the same file again must fire again
          if (file !== undefined) void startImport(file);
        }}
      />
      {/* Announces results of actions that have no visible place of their own (copy path, persistence). */}
      <output className="notice" aria-live="polite" onAnimationEnd={() => notify('')} key={notice}>
        {notice}
      </output>
      <StorageStatus />
      <div className="header-tools">
        {TOGGLES.map(({ pane, label, glyph }) => (
          <button
            key={pane}
            type="button"
            className="icon-button"
            aria-label={`Show ${label}`}
            aria-pressed={!collapsed[pane]}
            title={`Show or hide the ${label.toLowerCase()}`}
            onClick={() => togglePane(pane)}
          >
            <span aria-hidden="true">{glyph}</span>
          </button>
        ))}
        <button type="button" className="icon-button" aria-label="Settings" title="Settings" onClick={() => openDialog({ kind: 'settings' })}>
          <span aria-hidden="true">⚙</span>
        </button>
        <button type="button" className="palette-button" onClick={() => openDialog({ kind: 'palette' })}>
          Commands <kbd>Ctrl K</kbd>
        </button>
      </div>
    </header>
  );
}
