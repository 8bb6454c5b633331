import { PondError } from '../errors';
import { normalizeName } from './names';

/**
 * One component of a glob pattern (SPEC §3.4): `**` alone matches zero or more directories; otherwise
 * `*` matches any run of characters (each `*` yields a capture) and everything else is literal.
 * `?`, `[...]` and `{a,b}` are literal characters, so names containing them can still be matched.
 */
export type GlobComponent =
  | { readonly kind: 'recursive' }
  | { readonly kind: 'literal'; readonly name: string }
  | { readonly kind: 'wildcard'; readonly source: string; readonly regex: RegExp };

export interface GlobPattern {
  readonly absolute: boolean;
  readonly components: readonly GlobComponent[];
}

/** Parses a glob; a trailing `**` means "everything below", i.e. `**` followed by `*`. */
export function parseGlob(pattern: string): GlobPattern {
  if (pattern.length === 0) throw new PondError('InvalidPath', 'a glob pattern cannot be empty');
  const parts = pattern.split('/').filter((part) => part.length > 0);
  const components: GlobComponent[] = parts.map(parseComponent);
  if (components.length === 0) {
    throw new PondError('InvalidPath', `glob pattern '${pattern}' matches no entries (use '/**' for everything)`);
  }
  if (components[components.length - 1]?.kind === 'recursive') components.push(wildcard('*'));
  return { absolute: pattern.startsWith('/'), components };
}

/** The captures of `name` against a component, or null when it does not match. */
export function matchComponent(component: GlobComponent, name: string): string[] | null {
  switch (component.kind) {
    case 'recursive':
      return null;
    case 'literal':
      return component.name === name ? [] : null;
    case 'wildcard': {
      const match = component.regex.exec(name);
      return match === null ? null : match.slice(1).map((capture) => capture ?? '');
    }
  }
}

function parseComponent(part: string): GlobComponent {
  if (part === '**') return { kind: 'recursive' };
  if (part === '.' || part === '..') {
    throw new PondError('InvalidPath', `'${part}' is not supported in glob patterns; use an absolute pattern`);
  }
  if (part.includes('**')) throw new PondError('InvalidPath', `'**' must be a whole path component, in '${part}'`);
  if (!part.includes('*')) return { kind: 'literal', name: normalizeName(part) };
  // Validate the literal pieces as names would be (NFC, no control characters).
  const pieces = part.split('*').map((piece) => (piece === '' ? '' : normalizeName(piece)));
  return wildcard(pieces.join('*'));
}

function wildcard(source: string): GlobComponent {
  // Lazy groups: with several stars the earlier ones take the shortest run (leftmost match).
  const body = source
    .split('*')
    .map((piece) => piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('(.*?)');
  return { kind: 'wildcard', source, regex: new RegExp(`^${body}$`, 's') };
}

/**
 * Whether an absolute path matches a glob, by the same rules as `collectMatches` (without walking a file
 * system): for filtering paths that are already known, e.g. the rows a tree has loaded.
 */
export function matchesPath(pattern: GlobPattern, path: string): boolean {
  const segments = path.split('/').filter((s) => s.length > 0);
  const { components } = pattern;
  const match = (ci: number, si: number): boolean => {
    const component = components[ci];
    if (component === undefined) return si === segments.length;
    if (component.kind === 'recursive') return match(ci + 1, si) || (si < segments.length && match(ci, si + 1));
    const segment = segments[si];
    return segment !== undefined && matchComponent(component, segment) !== null && match(ci + 1, si + 1);
  };
  return match(0, 0);
}
