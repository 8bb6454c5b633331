import { useEffect } from 'react';
import { type StoreApi, useStore } from 'zustand';
import { closeDialog } from './ui';

/** A dialog showing a store's `current` step: the step, and the dialog closed once there is none (done, cancelled). */
export function useStep<T>(store: StoreApi<{ readonly current: T | null }>): T | null {
  const current = useStore(store, (s) => s.current);
  useEffect(() => {
    if (current === null) closeDialog();
  }, [current]);
  return current;
}
