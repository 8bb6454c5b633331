import { useStore } from 'zustand';
import type { TreeEntry } from '../engine/protocol';
import { timeTravelStore } from '../state/timeTravel';
import { isDirectory, knownEntry, treeStore } from '../tree/treeStore';
import { useMarks } from '../tree/useTreeData';
import { FileViewer } from './FileViewer';
import './viewer.css';

/**
 * The centre pane's content for the explorer's selection: a file (or a dynamic folder's config) in the
 * file viewer, or a short note for folders, links and entries the draft removes. In time travel the
 * selection is read as of that commit and the draft does not apply.
 */
export function Viewer() {
  const selected = useStore(treeStore, (s) => s.selected);
  const listings = useStore(treeStore, (s) => s.listings);
  const asOf = useStore(timeTravelStore, (s) => s.asOf);
  const marks = useMarks();
  const mark = asOf === null ? marks.get(selected ?? '') : undefined;
  const entry: TreeEntry | undefined = selected === null ? undefined : knownEntry(listings, selected);
  const entryType = mark?.entryType ?? entry?.entryType;

  if (selected === null || entryType === undefined) return <div className="preview-empty">Select a file in the explorer to open it.</div>;
  if (mark?.state === 'removed') return <Note path={selected} entryType={entryType} text="Removed in the draft. Its history stays in the pond." />;
  if (entryType === 'symlink') {
    return (
      <Note path={selected} entryType={entryType} text="A symbolic link to ">
        <code>{mark?.target ?? entry?.target}</code>.
      </Note>
    );
  }
  if (isDirectory(entryType) && entryType !== 'dir:dynamic') return <Note path={selected} entryType={entryType} text="A folder. Expand it in the explorer to see what it holds." />;
  // A new key per file and per commit viewed: version choice, comparison and mode start afresh.
  return <FileViewer key={`${selected}@${asOf ?? 'latest'}`} path={selected} entryType={entryType} asOf={asOf} draftOnly={mark?.state === 'added'} />;
}

function Note({ path, entryType, text, children }: { path: string; entryType: string; text: string; children?: React.ReactNode }) {
  return (
    <article className="preview" aria-label={`Viewer of ${path}`}>
      <header className="preview-header">
        <span className="preview-path">{path}</span>
        <span className="pill">{entryType}</span>
      </header>
      <p className="preview-note">
        {text}
        {children}
      </p>
    </article>
  );
}
