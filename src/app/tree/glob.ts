import { matchesPath, parseGlob } from '../engine/protocol';

/**
 * The tree's filter: the pond's own glob (SPEC §3.4, the rules of `list`) matched against the rows already
 * loaded, so filtering is instant and never lists folders the user did not open. A pattern with a '/' matches
 * whole paths ('/data/*.csv', '/**\/notes*'); one without matches names ('*.csv'). A plain word filters by
 * substring, the way explorers do while typing. A pattern the glob refuses (e.g. 'a**') matches nothing.
 */
export function globMatcher(pattern: string): (path: string, name: string) => boolean {
  const trimmed = pattern.trim();
  if (trimmed === '') return () => true;
  if (!/[*/]/.test(trimmed)) {
    const needle = trimmed.toLowerCase();
    return (_path, name) => name.toLowerCase().includes(needle);
  }
  let glob: ReturnType<typeof parseGlob>;
  try {
    glob = parseGlob(trimmed.startsWith('/') ? trimmed : `/${trimmed}`);
  } catch {
    return () => false; // still being typed; the box shows no rows rather than throwing while the user types
  }
  if (trimmed.includes('/')) return (path) => matchesPath(glob, path);
  return (_path, name) => matchesPath(glob, `/${name}`);
}
