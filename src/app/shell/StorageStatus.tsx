import { useState } from 'react';
import { useStore } from 'zustand';
import { pondStore, refreshCatalog } from '../state/pond';
import { formatBytes } from './format';
import { notify } from './ui';

/**
 * Asks the browser to keep this origin's storage (SPEC §8). Only the page can ask: workers have no
 * persist(). Browsers may refuse without a prompt, so the answer is shown as it is.
 */
export async function requestPersistence(): Promise<boolean> {
  const granted = (await navigator.storage?.persist?.()) ?? false;
  notify(granted ? 'Storage is now persistent' : 'The browser declined to make storage persistent');
  await refreshCatalog();
  return granted;
}

export function StorageStatus() {
  const storage = useStore(pondStore, (s) => s.storage);
  const [asking, setAsking] = useState(false);
  if (storage === null) return null;
  const used = storage.usage === null ? 'unknown' : formatBytes(storage.usage);
  const quota = storage.quota === null ? '' : ` of ${formatBytes(storage.quota)}`;
  return (
    <div className="storage-status" aria-label="Storage">
      <span title="Space this site uses in the browser">
        {used}
        {quota}
      </span>
      {storage.persisted === true ? (
        <span className="pill ok">persistent</span>
      ) : (
        <button
          type="button"
          className="link-button"
          disabled={asking}
          title="Without persistence the browser may clear this site's data when space runs low"
          onClick={() => {
            setAsking(true);
            void requestPersistence().finally(() => setAsking(false));
          }}
        >
          Make storage persistent
        </button>
      )}
    </div>
  );
}
