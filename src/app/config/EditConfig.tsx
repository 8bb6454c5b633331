import { lazy, Suspense, useState } from 'react';
import { useStore } from 'zustand';
import type { DraftOp } from '../engine/protocol';
import { notify } from '../shell/ui';
import { buffersStore, configBuffer, dropBuffer, setBuffer } from '../state/buffers';
import { addOp } from '../state/draft';
import { ConfigEditor } from './ConfigEditor';
import { useFactories } from './factories';
import { configBlocker, useConfigProblems } from './problems';

type Mknod = Extract<DraftOp, { op: 'mknod' }>;

const DiffView = lazy(() => import('../viewer/monaco/DiffView'));

export interface EditConfigProps {
  readonly path: string;
  readonly entryType: string;
  readonly factory: string;
  /** The config as saved (committed or drafted): edits are compared against it. */
  readonly base: string;
  readonly onClose: () => void;
}

/**
 * A dynamic node's config, edited against its factory's schema, with unsaved edits kept in the buffers
 * store. Saving goes through a review: the edit as a diff against the current config, then "Save" adds
 * `mknod --overwrite` (a new config version) to the draft. A config the factory refuses cannot be
 * reviewed or saved, and the reason is shown.
 */
export function EditConfig({ path, entryType, factory, base, onClose }: EditConfigProps) {
  const key = configBuffer(path);
  const edited = useStore(buffersStore, (s) => s.buffers.get(key));
  const text = edited ?? base;
  const factories = useFactories();
  const info = factories.status === 'ok' ? factories.value?.find((f) => f.name === factory) : undefined;
  const problems = useConfigProblems(factory, text);
  const blocker = edited === undefined ? 'No changes to save' : configBlocker(problems);
  const [reviewing, setReviewing] = useState(false);
  const review = (): void => {
    if (blocker === null) setReviewing(true);
  };
  const save = (): void => {
    if (edited === undefined || blocker !== null) return;
    addOp({
      op: 'mknod',
      path,
      entryType: entryType as Mknod['entryType'],
      factory,
      config: edited,
      overwrite: true,
    });
    dropBuffer(key);
    notify(`Saved the config of ${path} to the draft`);
    onClose();
  };
  return (
    <div className="viewer-body">
      <div className="viewer-toolbar">
        <span className="muted">
          Editing the config of <span className="badge">{factory}</span>
        </span>
        <span className="toolbar-gap" />
        <span className="toolbar-group">
          {edited !== undefined && blocker !== null && <span className="muted config-blocker">{blocker}</span>}
          <button
            type="button"
            onClick={() => {
              dropBuffer(key);
              onClose();
            }}
          >
            Cancel
          </button>
          {reviewing ? (
            <>
              <button type="button" onClick={() => setReviewing(false)}>
                Back to editing
              </button>
              <button type="button" className="primary" disabled={blocker !== null} onClick={save}>
                Save config to draft
              </button>
            </>
          ) : (
            <button type="button" className="primary" disabled={blocker !== null} title={blocker ?? 'Ctrl+S'} onClick={review}>
              Review changes…
            </button>
          )}
        </span>
      </div>
      {factories.status === 'error' && <p className="field-error">Could not list the factories: {factories.message}</p>}
      {factories.status === 'ok' && info === undefined && <p className="field-error">The factory {factory} is not known to this app.</p>}
      {reviewing && edited !== undefined && (
        <>
          <p className="preview-note" role="status">
            The current config (left) and your edit (right). Saving adds a new config version to the draft.
          </p>
          <div className="editor-host">
            <Suspense fallback={<p className="preview-note">Loading the editor…</p>}>
              <DiffView key={`config-review${path}`} original={base} modified={edited} language="yaml" sideBySide modelKey={`config-review${path}`} />
            </Suspense>
          </div>
        </>
      )}
      {!reviewing && info !== undefined && (
        <ConfigEditor
          modelPath={`config${path}`}
          text={text}
          onChange={(value) => (value === base ? dropBuffer(key) : setBuffer(key, value))}
          factory={info}
          factories={factories.status === 'ok' ? (factories.value ?? []) : []}
          problems={problems}
          label={`Config of ${path}`}
          onSave={review}
        />
      )}
    </div>
  );
}
