/** Entry-type icons as inline SVG (no icon font, no request), drawn in currentColor on a 16px grid. */

type Kind = 'folder' | 'file' | 'table' | 'series' | 'symlink';

const PATHS: Record<Kind, string> = {
  folder: 'M1.5 3.5h4.5l1.5 1.5h7v8.5h-13z',
  file: 'M3.5 1.5h6l3 3v10h-9zM9.5 1.5v3h3',
  table: 'M1.5 2.5h13v11h-13zM1.5 6h13M1.5 9.75h13M6 6v7.5',
  series: 'M3.5 1.5h6l3 3v10h-9zM9.5 1.5v3h3M5.5 12l2-3 1.5 1.5 2-3.5',
  symlink: 'M3.5 1.5h6l3 3v10h-9zM9.5 1.5v3h3M5.5 12.5v-2a2 2 0 0 1 2-2h3M9 7l1.5 1.5L9 10',
};

export function iconKind(entryType: string): Kind {
  if (entryType.startsWith('dir:')) return 'folder';
  if (entryType === 'symlink') return 'symlink';
  if (entryType.endsWith(':series')) return 'series';
  if (entryType.startsWith('table:')) return 'table';
  return 'file';
}

export function EntryIcon({ entryType }: { entryType: string }) {
  const kind = iconKind(entryType);
  return (
    <svg className={`entry-icon icon-${kind}${entryType.includes(':dynamic') ? ' icon-dynamic' : ''}`} viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
      <path d={PATHS[kind]} fill="none" stroke="currentColor" strokeWidth="1.1" strokeLinejoin="round" strokeLinecap="round" />
      {entryType.includes(':dynamic') && <circle cx="12.5" cy="12.5" r="2.5" fill="currentColor" />}
    </svg>
  );
}

export function Chevron({ open }: { open: boolean }) {
  return (
    <svg className={`chevron${open ? ' open' : ''}`} viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
      <path d="M6 4l4 4-4 4" fill="none" stroke="currentColor" strokeWidth="1.3" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
