import { useState } from 'react';
import { useStore } from 'zustand';
import { pondStore } from '../state/pond';
import { promoteMirror } from './promote';

/**
 * The banner while the open pond is a replication mirror: whose copy it is, that it is read-only (only its
 * replicator writes into it), and Promote, which makes it an ordinary pond — after which the source's
 * replicator refuses to write into it.
 */
export function MirrorBanner() {
  const status = useStore(pondStore, (s) => s.status);
  const [busy, setBusy] = useState(false);
  const mirrorOf = status?.mirrorOf;
  if (status === null || mirrorOf === undefined) return null;
  const promote = async () => {
    setBusy(true);
    try {
      await promoteMirror(status.localId, status.name);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="banner mirror-banner" aria-label="Mirror">
      <span className="mirror-icon" aria-hidden="true">
        ⇉
      </span>
      <p className="travel-text" role="status">
        <strong>Mirror of {mirrorOf.name === null ? 'a pond no longer in this browser' : `‘${mirrorOf.name}’`}</strong> — kept up to date by its
        replication-manager · <em>read-only</em>
      </p>
      <button type="button" disabled={busy} title="Make this mirror an ordinary, writable pond; replication into it stops" onClick={() => void promote()}>
        Promote to a writable pond
      </button>
    </section>
  );
}
