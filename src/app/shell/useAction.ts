import { useState } from 'react';
import { closeDialog } from './ui';

/** Runs a dialog's action, closing the dialog when it succeeds and keeping it open with the error when it fails. */
export function useAction(): { busy: boolean; error: string | null; run: (action: () => Promise<void>) => void } {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    action().then(closeDialog, (e: unknown) => {
      setBusy(false);
      setError((e as Error).message);
    });
  };
  return { busy, error, run };
}
