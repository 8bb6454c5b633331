/**
 * The tree's filter: a TinyFS-style glob matched client-side against the rows already loaded (the engine
 * is not asked, so filtering is instant and never lists folders the user did not open). A pattern with a
 * '/' matches whole paths ('/data/*.csv', '/**\/notes*'); one without matches names ('*.csv').
 * '*' and '?' stay within one path segment, '**' crosses segments, '{a,b}' is either.
 */
export function globMatcher(pattern: string): (path: string, name: string) => boolean {
  const trimmed = pattern.trim();
  if (trimmed === '') return () => true;
  // A plain word filters by substring, the way explorers do while typing.
  if (!/[*?{/]/.test(trimmed)) {
    const needle = trimmed.toLowerCase();
    return (_path, name) => name.toLowerCase().includes(needle);
  }
  const regex = new RegExp(`^${toRegex(trimmed)}$`, 'i');
  return trimmed.includes('/') ? (path) => regex.test(path) : (_path, name) => regex.test(name);
}

function toRegex(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '*' && glob[i + 1] === '*') {
      // '**/' also matches no folder at all.
      const slash = glob[i + 2] === '/';
      out += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '{') {
      const end = glob.indexOf('}', i);
      if (end < 0) out += '\\{';
      else {
        out += `(?:${glob.slice(i + 1, end).split(',').map(escape).join('|')})`;
        i = end;
      }
    } else out += escape(c);
  }
  return out;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
