import { PondError } from '../errors';

/** The longest allowed name, in UTF-8 bytes (as most file systems). */
export const MAX_NAME_BYTES = 255;

const encoder = new TextEncoder();
// C0 controls (NUL included), DEL and C1 controls: invisible, and dangerous in terminals and logs.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** Validates one path component and returns its NFC form; anything else is `InvalidName` naming it. */
export function normalizeName(name: string): string {
  const shown = JSON.stringify(name.length > 64 ? `${name.slice(0, 64)}…` : name);
  if (name.length === 0) throw new PondError('InvalidName', 'a name cannot be empty');
  if (name === '.' || name === '..') throw new PondError('InvalidName', `${shown} cannot be used as a name`);
  if (name.includes('/')) throw new PondError('InvalidName', `${shown} contains '/'`);
  if (CONTROL.test(name)) throw new PondError('InvalidName', `${shown} contains a control character`);
  const nfc = name.normalize('NFC');
  const bytes = encoder.encode(nfc).length;
  if (bytes > MAX_NAME_BYTES) {
    throw new PondError('InvalidName', `${shown} is ${bytes} bytes long (at most ${MAX_NAME_BYTES})`);
  }
  return nfc;
}

/** A path split into components: `.`/`..` kept as steps, repeated and trailing slashes dropped. */
export interface ParsedPath {
  readonly absolute: boolean;
  readonly steps: readonly string[];
}

/** Splits a path and validates every ordinary component (NFC-normalized). */
export function parsePath(path: string): ParsedPath {
  if (path.length === 0) throw new PondError('InvalidPath', 'a path cannot be empty');
  const steps = path
    .split('/')
    .filter((part) => part.length > 0)
    .map((part) => (part === '.' || part === '..' ? part : normalizeName(part)));
  return { absolute: path.startsWith('/'), steps };
}

/** Joins a parent path and a child name. */
export function joinPath(parent: string, name: string): string {
  return parent === '/' ? `/${name}` : `${parent}/${name}`;
}

/**
 * Splits a path into the directory part and the final name, for operations that create or remove
 * the final component. `.`/`..`/root as the final component cannot be created or removed.
 */
export function splitLast(path: string): { parent: ParsedPath; name: string } {
  const parsed = parsePath(path);
  const last = parsed.steps[parsed.steps.length - 1];
  if (last === undefined) throw new PondError('InvalidName', `'${path}' names the root directory, not an entry`);
  if (last === '.' || last === '..') throw new PondError('InvalidName', `"${last}" cannot be used as a name`);
  return { parent: { absolute: parsed.absolute, steps: parsed.steps.slice(0, -1) }, name: last };
}

/** Names sort by UTF-16 code units: stable, locale-independent, the same in every backend. */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
