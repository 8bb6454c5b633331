/**
 * The typed errors shared by every layer. An error is a value with a kind and context, never a bare
 * string: callers branch on `kind`, people read `message` (`<Kind>: <path or detail>`).
 */

export type ErrorKind =
  | 'NotFound'
  | 'AlreadyExists'
  | 'NotADirectory'
  | 'NotAFile'
  | 'NotEmpty'
  | 'SymlinkLoop'
  | 'VisitLoop'
  | 'InvalidName'
  | 'InvalidPath'
  | 'InvalidArgument'
  | 'TypeMismatch'
  | 'InvalidConfig'
  | 'UnknownFactory'
  | 'FactoryFailed'
  | 'ReadOnly'
  | 'Conflict'
  | 'StorageFull'
  | 'Corrupt'
  | 'PondLocked'
  | 'Unsupported'
  /** History before a base was dropped on purpose (`maintain --prune-before`): gone, not missing. */
  | 'Pruned';

export interface PondErrorOptions {
  /** The pond path the error is about, when there is one. */
  path?: string;
  /** The error this one wraps; its kind is kept so callers still see the root cause. */
  cause?: unknown;
  /** Replaces the default `<Kind>: <detail>` message (used to add context around a cause). */
  message?: string;
}

/** An error of a known kind, with the path it concerns and the error it wraps. */
export class PondError extends Error {
  readonly kind: ErrorKind;
  readonly detail: string;
  readonly path: string | undefined;

  constructor(kind: ErrorKind, detail: string, options: PondErrorOptions = {}) {
    super(options.message ?? `${kind}: ${detail}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PondError';
    this.kind = kind;
    this.detail = detail;
    this.path = options.path;
  }
}

/** True when `error` is a PondError (of `kind`, if given). */
export function isPondError(error: unknown, kind?: ErrorKind): error is PondError {
  return error instanceof PondError && (kind === undefined || error.kind === kind);
}

/** The message of any thrown value, for wrapping errors that did not come from us. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
