import { useEffect, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import { type NodeInfo, type VersionEntry, describeOp } from '../engine/protocol';
import { formatBytes } from '../shell/format';
import { notify, openDialog } from '../shell/ui';
import { buffersStore, dropBuffer, fileBuffer } from '../state/buffers';
import { addOp, draftStore } from '../state/draft';
import { engine } from '../state/engine';
import { downloadName, downloadPath } from '../state/downloads';
import { download, showFailure } from '../state/tasks';
import { isMirror, pondStore } from '../state/pond';
import { EditConfig } from '../config/EditConfig';
import { CompareView } from './CompareView';
import { clearIntent, viewerIntent } from './intent';
import { ContentBody } from './ContentBody';
import { isCsv, languageOf } from './content';
import { draftedFor } from './draftContent';
import { restore } from '../tree/actions';
import { TableView } from './table/TableView';
import { TextEditor } from './TextEditor';
import { type Loaded, useEngineValue } from './useEngineValue';
import { VersionPicker } from './VersionPicker';

type Mode = 'view' | 'compare' | 'config';

export interface FileViewerProps {
  readonly path: string;
  readonly entryType: string;
  /** Time travel: the pond as of this commit, read-only. */
  readonly asOf: number | null;
  /** The file exists only in the draft (nothing committed to describe or list versions of). */
  readonly draftOnly: boolean;
}

/**
 * One file in the centre pane (SPEC §8): its header (type, size, versions, factory), and its content in the
 * view that fits — editor, large-text viewer, image, hex, or table — or a comparison of two versions, or a
 * dynamic node's config being edited. Ordinary text files are editable; saving adds a `write` to the draft.
 */
export function FileViewer({ path, entryType, asOf, draftOnly }: FileViewerProps) {
  const revision = useStore(pondStore, (s) => s.revision);
  const mirror = useStore(pondStore, isMirror);
  const ops = useStore(draftStore, (s) => s.ops);
  const drafted = useMemo(() => (asOf === null ? draftedFor(ops, path) : { bytes: null, config: null }), [ops, path, asOf]);
  const past = asOf === null ? {} : { asOf };
  const info = useEngineValue(() => (draftOnly ? null : engine().call('describe', { path, ...past })), [path, asOf, revision, draftOnly]);
  const versions = useEngineValue(() => (draftOnly ? null : engine().call('versions', { path, ...past })), [path, asOf, revision, draftOnly]);
  // null: the newest — the draft's content when there is one, else the latest commit's (or the factory's output).
  const [picked, setPicked] = useState<number | null>(null);
  const [mode, setMode] = useState<Mode>('view');
  const [asTable, setAsTable] = useState(false);
  const intent = useStore(viewerIntent);
  useEffect(() => {
    if (intent.path !== path || intent.mode === null) return;
    setMode(intent.mode);
    clearIntent();
  }, [intent, path]);

  const node = info.status === 'ok' ? info.value : null;
  const dynamic = node?.dynamic;
  const history = versions.status === 'ok' ? (versions.value ?? []) : [];
  const latest = history[history.length - 1];
  const shownVersion = picked === null ? null : (history.find((v) => v.version === picked) ?? null);
  const showingDraft = picked === null && drafted.bytes !== null;
  const isTable = entryType.startsWith('table:');
  // A dynamic node's older versions are its configs; a table's are tables.
  const tableView = (isTable && !(dynamic !== undefined && picked !== null)) || (asTable && !showingDraft);
  // Only the latest state of an ordinary pond is edited: not the past, and not a mirror (its replicator writes it).
  const writable = asOf === null && !mirror;
  const editable = writable && picked === null && entryType === 'file:physical:version' && dynamic === undefined;
  const needBytes = mode === 'view' && !tableView;
  // A dynamic directory has no content of its own to show: its config is what there is to read.
  const configOnly = entryType === 'dir:dynamic';
  const content = useEngineValue<Uint8Array>(() => {
    if (!needBytes) return null;
    if (showingDraft) return Promise.resolve(drafted.bytes as Uint8Array);
    if (draftOnly) return null;
    if (configOnly && picked === null) return dynamic === undefined ? null : Promise.resolve(new TextEncoder().encode(dynamic.config));
    return engine().call('read', { path, ...past, ...(picked === null ? {} : { version: picked }) });
  }, [needBytes, showingDraft, drafted.bytes, draftOnly, configOnly, dynamic, path, asOf, picked, revision]);

  const dirty = useStore(buffersStore, (s) => s.buffers.get(fileBuffer(path)));
  const saveFile = (text: string): void => {
    addOp({ op: 'write', path, content: text });
    dropBuffer(fileBuffer(path));
    notify(`Saved ${path} to the draft`);
  };
  const restoreShown = (txnSeq: number): void => {
    notify(`Added to the draft: ${describeOp(restore(path, txnSeq))}`);
  };
  // What is shown is what is downloaded: the draft's content, or the version picked.
  const downloadShown = async (): Promise<void> => {
    if (showingDraft) return download(downloadName(path, 'file'), drafted.bytes as Uint8Array);
    if (picked === null) return downloadPath(path, 'file', asOf ?? undefined);
    const name = downloadName(path, 'file', asOf ?? undefined, picked);
    try {
      download(name, content.status === 'ok' && content.value !== null ? content.value : await engine().call('read', { path, ...past, version: picked }));
    } catch (error) {
      showFailure('download', name, error);
      openDialog({ kind: 'task' });
    }
  };
  const modelPath = `pond${asOf === null ? '' : `@${asOf}`}${path}${picked === null ? '' : `@v${picked}`}`;

  return (
    <article className="preview" aria-label={`Viewer of ${path}`}>
      <ViewerHeader path={path} entryType={entryType} node={info} latest={latest} drafted={drafted.bytes} draftOnly={draftOnly} />
      {mode !== 'config' && (
      <div className="viewer-toolbar" role="toolbar" aria-label="File actions">
        {history.length > 0 && (
          <VersionPicker label={dynamic === undefined ? 'Version' : 'Config version'} versions={history} picked={picked} drafted={drafted.bytes !== null} onPick={setPicked} />
        )}
        {(history.length > 1 || (history.length > 0 && drafted.bytes !== null)) && (
          <button type="button" aria-pressed={mode === 'compare'} onClick={() => setMode(mode === 'compare' ? 'view' : 'compare')}>
            Compare versions
          </button>
        )}
        {isCsv(path) && !showingDraft && mode === 'view' && (
          <button type="button" aria-pressed={asTable} onClick={() => setAsTable(!asTable)}>
            {asTable ? 'View as text' : 'View as table'}
          </button>
        )}
        {dynamic !== undefined && dynamic.producedIn === undefined && writable && (
          <button type="button" onClick={() => setMode('config')}>
            Edit config
          </button>
        )}
        {asOf !== null && !mirror && <button onClick={() => restoreShown(asOf)}>Restore to latest</button>}
        {writable && shownVersion !== null && shownVersion !== latest && <button onClick={() => restoreShown(shownVersion.txnSeq)}>Restore v{shownVersion.version}</button>}
        {!draftOnly && mode === 'view' && <button onClick={() => void downloadShown()}>Download</button>}
        <span className="toolbar-gap" />
        {editable && dirty !== undefined && mode === 'view' && (
          <span className="toolbar-group">
            <span className="muted">Unsaved edits</span>
            <button type="button" onClick={() => dropBuffer(fileBuffer(path))}>
              Revert
            </button>
            <button type="button" className="primary" onClick={() => saveFile(dirty)} title="Ctrl+S">
              Save to draft
            </button>
          </span>
        )}
        {(asOf !== null || (picked !== null && shownVersion !== latest)) && <span className="pill">read-only</span>}
      </div>
      )}
      {mode === 'compare' && <CompareView path={path} entryType={entryType} asOf={asOf} versions={history} drafted={drafted.bytes} />}
      {mode === 'config' && dynamic !== undefined && (
        <EditConfig path={path} entryType={entryType} factory={dynamic.factory} base={drafted.config?.config ?? dynamic.config} onClose={() => setMode('view')} />
      )}
      {mode === 'view' && (
        <div className="viewer-body">
          {dynamic !== undefined && picked !== null && <p className="preview-note">Config version {picked} of this node — the factory's output is shown for the newest one.</p>}
          {configOnly && <p className="preview-note">A dynamic folder: its entries are in the explorer; this is its config.</p>}
          {info.status === 'error' && <p className="field-error">Could not describe {path}: {info.message}</p>}
          {tableView ? (
            <TableView source={{ path, ...past, ...(picked === null ? {} : { version: picked }), ...(asTable && !isTable ? { csv: true } : {}) }} />
          ) : (
            <Content
              content={content}
              draftOnly={draftOnly && drafted.bytes === null}
              path={path}
              editor={{ bufferKey: fileBuffer(path), modelPath, language: dynamic !== undefined && (picked !== null || configOnly) ? 'yaml' : languageOf(path), readOnly: !editable, onSave: saveFile }}
            />
          )}
        </div>
      )}
    </article>
  );
}

function Content({ content, draftOnly, path, editor }: { content: Loaded<Uint8Array | null>; draftOnly: boolean; path: string; editor: Parameters<typeof ContentBody>[0]['editor'] }) {
  if (draftOnly) return <p className="preview-note">This entry exists only in the draft; commit to see its content.</p>;
  if (content.status === 'loading') return <p className="preview-note">Loading…</p>;
  if (content.status === 'error') return <p className="field-error">Could not read {path}: {content.message}</p>;
  if (content.value === null) return null;
  return <ContentBody bytes={content.value} label={`Content of ${path}`} editor={editor} />;
}

/** Path, type, size, version and — for a dynamic node — the factory that produces it and its config version. */
function ViewerHeader({ path, entryType, node, latest, drafted, draftOnly }: { path: string; entryType: string; node: Loaded<NodeInfo | null>; latest: VersionEntry | undefined; drafted: Uint8Array | null; draftOnly: boolean }) {
  const info = node.status === 'ok' ? node.value : null;
  return (
    <header className="preview-header">
      <span className="preview-path">{path}</span>
      <span className="pill">{entryType}</span>
      {info?.dynamic !== undefined && (
        <span className="viewer-factory">
          produced by <span className="badge">{info.dynamic.factory}</span> ({info.dynamic.kind}){' '}
          {info.dynamic.producedIn === undefined ? `from config v${info.version}` : `as an entry of ${info.dynamic.producedIn}`}
        </span>
      )}
      {info !== null && info.dynamic === undefined && <span className="muted">v{info.version}</span>}
      {latest !== undefined && <span className="muted">txn {latest.txnSeq}</span>}
      {info !== null && info.dynamic === undefined && <span className="muted">{formatBytes(info.size)}</span>}
      {drafted !== null && <span className="pill mark-changed">{draftOnly ? 'added' : 'changed'} in draft</span>}
    </header>
  );
}
