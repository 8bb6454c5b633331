import type { RunState } from '../engine/protocol';

type Status = RunState['status'];

/** Icon per run status, always shown next to the status word (colour is never the only signal). */
export const STATUS_ICON: Record<Status, string> = {
  pending: '○',
  running: '◌',
  completed: '✓',
  failed: '✕',
  skipped: '⊘',
  interrupted: '!',
};

export const isFinished = (status: Status): boolean => status !== 'pending' && status !== 'running';
