/** The steward (SPEC §6): transactions, control table, post-commit runs, drafts, recovery, events. */
export { Pond, type PondEnvironment, type Transacted } from './pond';
export { type RunState, type RunStatus, runStates, unfinishedTransactions } from './control';
export { type DraftOp, type DraftConflict, applyDraft, applyOp, describeOp, draftConflicts } from './draft';
export { PondEvents, type PondEvent } from './events';
export { SYSTEM_D, discoverRuns, type PlannedRun } from './postCommit';
export { DEFAULT_RUN_TIMEOUT_MS, SETTINGS_KEY, type Settings, factoryMode, runTimeout } from './settings';
