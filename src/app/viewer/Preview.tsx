import { useEffect, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import type { TreeEntry } from '../engine/protocol';
import { formatBytes } from '../shell/format';
import { draftStore } from '../state/draft';
import { engine } from '../state/engine';
import { pondStore } from '../state/pond';
import { isDirectory, knownEntry, treeStore } from '../tree/treeStore';
import { useMarks } from '../tree/useTreeData';
import { asText, hexDump } from './decode';
import { TableView } from './table/TableView';

/** Previews are for looking, not loading: bigger files show their first bytes only. */
const TEXT_LIMIT = 256 * 1024;
const HEX_LIMIT = 4096;

type Content = { readonly bytes: Uint8Array; readonly draft: boolean } | { readonly error: string } | null;

/**
 * Read-only preview of the selected entry: path, type, size and content — text when it is valid UTF-8
 * (rendered as text, never as HTML), a hex dump otherwise. Draft files show their drafted content.
 */
export function Preview() {
  const selected = useStore(treeStore, (s) => s.selected);
  const listings = useStore(treeStore, (s) => s.listings);
  const revision = useStore(pondStore, (s) => s.revision);
  const ops = useStore(draftStore, (s) => s.ops);
  const mark = useMarks().get(selected ?? '');
  const entry: TreeEntry | undefined = selected === null ? undefined : knownEntry(listings, selected);
  const entryType = mark?.entryType ?? entry?.entryType;
  const drafted = useMemo(() => {
    // The last write wins, as it will when the draft is committed.
    const write = [...ops].reverse().find((op) => op.op === 'write' && op.path === selected);
    return write?.op === 'write' ? (typeof write.content === 'string' ? new TextEncoder().encode(write.content) : write.content) : null;
  }, [ops, selected]);
  const [content, setContent] = useState<Content>(null);
  // A committed table opens in the engine (paged, sorted, charted there); its bytes never come here.
  const asTable = entryType?.startsWith('table:') === true && drafted === null && mark?.state !== 'added' && mark?.state !== 'removed';
  const readable = selected !== null && entryType !== undefined && !isDirectory(entryType) && entryType !== 'symlink' && mark?.state !== 'removed' && !asTable;

  useEffect(() => {
    setContent(null);
    if (!readable) return;
    if (drafted !== null) {
      setContent({ bytes: drafted, draft: true });
      return;
    }
    if (mark?.state === 'added') return;
    let live = true;
    engine()
      .call('read', { path: selected })
      .then(
        (bytes) => live && setContent({ bytes, draft: false }),
        (error: unknown) => live && setContent({ error: (error as Error).message }),
      );
    return () => {
      live = false;
    };
  }, [selected, readable, drafted, mark?.state, revision]);

  if (selected === null || entryType === undefined) {
    return <div className="preview-empty">Select a file in the explorer to preview it.</div>;
  }
  return (
    <article className="preview" aria-label={`Preview of ${selected}`}>
      <header className="preview-header">
        <span className="preview-path">{selected}</span>
        <span className="pill">{entryType}</span>
        {entry?.factory !== undefined && <span className="badge">{entry.factory}</span>}
        {mark !== undefined && <span className={`pill mark-${mark.state}`}>{mark.state} in draft</span>}
        {content !== null && 'bytes' in content && <span className="muted">{formatBytes(content.bytes.length)}</span>}
        {content === null && entry !== undefined && !isDirectory(entryType) && <span className="muted">{formatBytes(entry.size)}</span>}
      </header>
      {asTable ? <TableView key={selected} source={{ path: selected }} /> : <PreviewBody entry={entry} entryType={entryType} content={content} removed={mark?.state === 'removed'} />}
    </article>
  );
}

function PreviewBody({ entry, entryType, content, removed }: { entry: TreeEntry | undefined; entryType: string; content: Content; removed: boolean }) {
  if (removed) return <p className="preview-note">Removed in the draft.</p>;
  if (isDirectory(entryType)) return <p className="preview-note">A folder. Expand it in the explorer to see what it holds.</p>;
  if (entryType === 'symlink') return <p className="preview-note">A symbolic link to <code>{entry?.target}</code>.</p>;
  if (content === null) return <p className="preview-note">Loading…</p>;
  if ('error' in content) return <p className="field-error">Could not read this file: {content.error}</p>;
  const text = asText(content.bytes.subarray(0, TEXT_LIMIT), content.bytes.length > TEXT_LIMIT);
  if (text !== null) {
    return (
      <>
        {content.bytes.length > TEXT_LIMIT && <p className="preview-note">Showing the first {formatBytes(TEXT_LIMIT)}.</p>}
        <pre className="preview-text">{text}</pre>
      </>
    );
  }
  return (
    <>
      <p className="preview-note">Binary content{content.bytes.length > HEX_LIMIT ? `, first ${formatBytes(HEX_LIMIT)}` : ''}:</p>
      <pre className="preview-hex">{hexDump(content.bytes.subarray(0, HEX_LIMIT))}</pre>
    </>
  );
}
