import type { CommitMeta } from '../store/records';
import type { RunState } from './control';

/** What the steward tells the UI and the console (SPEC §6 "Change events"). Plain data, no framework. */
export type PondEvent =
  | { readonly type: 'commit'; readonly meta: CommitMeta; readonly origin: 'here' | 'elsewhere' }
  | { readonly type: 'run'; readonly run: RunState }
  | { readonly type: 'run-log'; readonly txnSeq: number; readonly executionSeq: number; readonly line: string }
  | { readonly type: 'lock-waiting'; readonly holder: string | null };

/** A minimal listener set: subscribe returns its own unsubscribe. */
export class PondEvents {
  private readonly listeners = new Set<(event: PondEvent) => void>();

  on(listener: (event: PondEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: PondEvent): void {
    for (const listener of [...this.listeners]) listener(event);
  }
}
