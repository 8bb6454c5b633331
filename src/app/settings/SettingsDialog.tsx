import { useCallback, useEffect, useState } from 'react';
import type { FactoryInfo } from '../engine/protocol';
import { Modal } from '../shell/Modal';
import { closeDialog } from '../shell/ui';
import { engine } from '../state/engine';

/** Pond settings (factory modes, run timeouts) and the browser's secrets for `${env:…}` (SPEC §8). */
export function SettingsDialog() {
  return (
    <Modal title="Settings" className="wide">
      <FactorySettings />
      <Secrets />
      <div className="modal-buttons">
        <button type="button" onClick={closeDialog}>
          Close
        </button>
      </div>
    </Modal>
  );
}

/** Loads something from the engine, with a way to load it again after a change. */
function useLoaded<T>(load: () => Promise<T>): { value: T | null; error: string | null; reload: () => void } {
  const [value, setValue] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(() => {
    load().then(setValue, (e: unknown) => setError((e as Error).message));
  }, [load]);
  useEffect(reload, [reload]);
  return { value, error, reload };
}

const loadFactories = async (): Promise<{ factories: FactoryInfo[]; settings: Record<string, string> }> => {
  const [factories, settings] = await Promise.all([engine().call('factories', {}), engine().call('settings', {})]);
  return { factories, settings };
};

/**
 * Push runs a factory's post-commit work right after each commit; pull skips it (recorded as skipped).
 * The timeout bounds one run in milliseconds; empty means the engine's default.
 */
function FactorySettings() {
  const { value, error, reload } = useLoaded(loadFactories);
  const [saveError, setSaveError] = useState<string | null>(null);
  const set = (key: string, setting: string) => {
    setSaveError(null);
    engine().call('setSetting', { key, value: setting }).then(reload, (e: unknown) => setSaveError((e as Error).message));
  };
  return (
    <section aria-labelledby="settings-factories">
      <h3 id="settings-factories">Factories</h3>
      {error !== null && <p className="field-error">{error}</p>}
      {saveError !== null && <p className="field-error">{saveError}</p>}
      {value === null ? (
        <p className="muted">Loading…</p>
      ) : (
        <table className="settings-table">
          <thead>
            <tr>
              <th scope="col">Factory</th>
              <th scope="col">Mode</th>
              <th scope="col">Run timeout (ms)</th>
            </tr>
          </thead>
          <tbody>
            {value.factories.map((factory) => (
              <tr key={factory.name}>
                <th scope="row" title={factory.description}>
                  {factory.name} <span className="muted">{factory.kind}</span>
                </th>
                <td>
                  <select
                    aria-label={`Mode of ${factory.name}`}
                    value={value.settings[`factory_mode:${factory.name}`] ?? 'push'}
                    onChange={(event) => set(`factory_mode:${factory.name}`, event.target.value)}
                  >
                    <option value="push">push</option>
                    <option value="pull">pull</option>
                  </select>
                </td>
                <td>
                  <TimeoutInput name={factory.name} saved={value.settings[`timeout:${factory.name}`] ?? ''} onSave={(ms) => set(`timeout:${factory.name}`, ms)} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** Saved on Enter or when the field loses focus, and only when it holds a positive whole number. */
function TimeoutInput({ name, saved, onSave }: { name: string; saved: string; onSave: (ms: string) => void }) {
  const [text, setText] = useState(saved);
  useEffect(() => setText(saved), [saved]);
  const valid = /^[1-9]\d*$/.test(text);
  const save = () => {
    if (valid && text !== saved) onSave(text);
  };
  return (
    <input
      type="text"
      inputMode="numeric"
      className="timeout-input"
      aria-label={`Run timeout of ${name} in milliseconds`}
      aria-invalid={text !== '' && !valid}
      placeholder="default"
      value={text}
      onChange={(event) => setText(event.target.value)}
      onBlur={save}
      onKeyDown={(event) => {
        if (event.key === 'Enter') {
          event.preventDefault();
          save();
        }
      }}
    />
  );
}

const loadSecrets = () => engine().call('secrets', {});

/** Secrets live in this browser only (never in the pond, never exported); their values are never shown back. */
function Secrets() {
  const { value: names, error, reload } = useLoaded(loadSecrets);
  const [name, setName] = useState('');
  const [secret, setSecret] = useState('');
  const [saveError, setSaveError] = useState<string | null>(null);
  const fail = (e: unknown) => setSaveError((e as Error).message);
  return (
    <section aria-labelledby="settings-secrets">
      <h3 id="settings-secrets">Secrets</h3>
      <p className="muted">
        Configs refer to them as <code>{'${env:NAME}'}</code>. They stay in this browser and are never exported.
      </p>
      {error !== null && <p className="field-error">{error}</p>}
      <ul className="secret-list">
        {names?.length === 0 && <li className="muted">No secrets yet.</li>}
        {names?.map((n) => (
          <li key={n}>
            <code>{n}</code>
            <span className="muted" aria-label="value hidden">
              ••••••••
            </span>
            <button type="button" className="danger" aria-label={`Delete secret ${n}`} onClick={() => engine().call('deleteSecret', { name: n }).then(reload, fail)}>
              Delete
            </button>
          </li>
        ))}
      </ul>
      <form
        className="secret-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
            setSaveError('A secret name is letters, digits and _ (not starting with a digit)');
            return;
          }
          setSaveError(null);
          engine()
            .call('setSecret', { name, value: secret })
            .then(() => {
              setName('');
              setSecret('');
              reload();
            }, fail);
        }}
      >
        <input aria-label="Secret name" placeholder="NAME" value={name} onChange={(event) => setName(event.target.value)} />
        <input aria-label="Secret value" type="password" autoComplete="off" placeholder="value" value={secret} onChange={(event) => setSecret(event.target.value)} />
        <button type="submit">Set secret</button>
      </form>
      {saveError !== null && <p className="field-error">{saveError}</p>}
    </section>
  );
}
