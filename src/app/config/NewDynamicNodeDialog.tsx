import { useState } from 'react';
import type { FactoryInfo } from '../engine/protocol';
import { Modal, ModalButtons } from '../shell/Modal';
import { closeDialog, notify } from '../shell/ui';
import { addOp } from '../state/draft';
import { engine } from '../state/engine';
import { nameProblem, reveal } from '../tree/actions';
import { joinPath } from '../tree/treeStore';
import { useEngineValue } from '../viewer/useEngineValue';
import { ConfigEditor } from './ConfigEditor';
import { useFactories } from './factories';
import { type DynamicType, POST_COMMIT_DIR, defaultType, mknodOp, typeProblem } from './mknod';
import { configBlocker, useConfigProblems } from './problems';

/** "New Dynamic Node…": the factory list, once the engine has answered. */
export function NewDynamicNodeDialog({ dir }: { dir: string }) {
  const factories = useFactories();
  return (
    <Modal title="New dynamic node" className="config-dialog">
      {factories.status === 'loading' && <p className="muted">Loading the factories…</p>}
      {factories.status === 'error' && <p className="field-error">Could not list the factories: {factories.message}</p>}
      {factories.status === 'ok' && factories.value !== null && factories.value.length > 0 && <NewDynamicNodeForm dir={dir} factories={factories.value} />}
    </Modal>
  );
}

/**
 * Path, factory, type and config of a new dynamic node; the config starts from the factory's first example
 * and is checked as you type. "Create" stays disabled, with the reason, while anything is wrong; creating
 * adds a `mknod` to the draft.
 */
function NewDynamicNodeForm({ dir, factories }: { dir: string; factories: readonly FactoryInfo[] }) {
  const [folder, setFolder] = useState(dir);
  const [name, setName] = useState('');
  const [factory, setFactory] = useState<FactoryInfo>(factories[0] as FactoryInfo);
  const [type, setType] = useState<DynamicType>(defaultType(factory));
  const [config, setConfig] = useState(factory.examples[0]?.yaml ?? '');
  const path = joinPath(folder, name);
  const problems = useConfigProblems(factory.name, config);
  const folders = useEngineValue(() => engine().call('complete', { line: `ls ${folder}` }), [folder]);
  const taken = useEngineValue(() => (nameProblem(name) === null ? engine().call('exists', { paths: [path] }) : null), [path, name]);
  const pick = (next: FactoryInfo): void => {
    setFactory(next);
    setType(defaultType(next));
    setConfig(next.examples[0]?.yaml ?? '');
  };
  const blocker =
    (folder.startsWith('/') ? null : 'The folder must be an absolute path (starting with /)') ??
    nameProblem(name) ??
    (taken.status === 'ok' && taken.value?.[0] === true ? `${path} already exists` : null) ??
    typeProblem(factory, type) ??
    configBlocker(problems);
  const create = (): void => {
    if (blocker !== null) return;
    addOp(mknodOp(path, factory, type, config));
    reveal(folder, path);
    notify(`Added to the draft: mknod ${path} --factory ${factory.name}`);
    closeDialog();
  };
  const completions =
    folders.status === 'ok' && folders.value !== null
      ? folders.value
          .map((line) => line.slice(3))
          .filter((p) => p.endsWith('/'))
          .map((p) => p.slice(0, -1))
      : [];
  return (
    <form
      className="form"
      onSubmit={(event) => {
        event.preventDefault();
        create();
      }}
    >
      <div className="config-dialog-row">
        <label>
          Folder
          <input value={folder} list="dynamic-node-folders" spellCheck={false} onChange={(event) => setFolder(event.target.value.replace(/(.)\/+$/, '$1'))} />
          <datalist id="dynamic-node-folders">
            {completions.map((p) => (
              <option key={p} value={p} />
            ))}
          </datalist>
        </label>
        <label>
          Name
          <input autoFocus value={name} placeholder="greeting.txt" spellCheck={false} onChange={(event) => setName(event.target.value)} />
        </label>
      </div>
      <div className="config-dialog-row">
        <label>
          Factory
          <select value={factory.name} onChange={(event) => pick(factories.find((f) => f.name === event.target.value) ?? factory)}>
            {factories.map((f) => (
              <option key={f.name} value={f.name}>
                {f.name} ({f.kind})
              </option>
            ))}
          </select>
        </label>
        <label>
          Type
          <select value={type} onChange={(event) => setType(event.target.value as DynamicType)}>
            <option value="dynamic-file">dynamic-file</option>
            <option value="dynamic-dir">dynamic-dir</option>
          </select>
        </label>
      </div>
      <p className="factory-description">{factory.description}</p>
      {factory.kind === 'executable' && (
        <p className="config-note">
          An executable runs when it is in <code>{POST_COMMIT_DIR}/</code>: after every commit.{' '}
          {folder !== POST_COMMIT_DIR && (
            <button type="button" className="link-button" onClick={() => setFolder(POST_COMMIT_DIR)}>
              Put it in {POST_COMMIT_DIR}/
            </button>
          )}
        </p>
      )}
      <ConfigEditor
        modelPath="new-dynamic-node/config.yaml"
        text={config}
        onChange={setConfig}
        factory={factory}
        factories={factories}
        problems={problems}
        label={`Config for ${factory.name}`}
        onSave={create}
      />
      <p className={blocker === null ? 'muted' : 'field-error'} role="status">
        {blocker ?? `Creates ${path} (${type}, ${factory.name}) in the draft.`}
      </p>
      <ModalButtons submit="Create" disabled={blocker !== null} />
    </form>
  );
}
