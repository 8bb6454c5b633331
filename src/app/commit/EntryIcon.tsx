/**
 * Entry type icons as inline SVG: emoji depend on the system's fonts (missing on many Linux desktops),
 * and icon fonts would be a download. Decorative: the type is also said in words nearby.
 */
export function EntryIcon({ entryType }: { entryType: string | null }) {
  return (
    <svg className={`cp-icon cp-icon--${iconOf(entryType)}`} width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d={PATHS[iconOf(entryType)]} />
    </svg>
  );
}

type IconName = 'folder' | 'file' | 'table' | 'symlink' | 'dynamic';

function iconOf(entryType: string | null): IconName {
  if (entryType === null) return 'file';
  if (entryType === 'symlink') return 'symlink';
  if (entryType.endsWith(':dynamic')) return 'dynamic';
  if (entryType.startsWith('dir:')) return 'folder';
  if (entryType.startsWith('table:')) return 'table';
  return 'file';
}

const PATHS: Record<IconName, string> = {
  folder: 'M1.5 3.5h4.5l1.5 1.5h7v8h-13z',
  file: 'M3.5 1.5h6l3 3v10h-9zM9.5 1.5v3h3',
  table: 'M2 2.5h12v11h-12zM2 6h12M2 9.5h12M6 2.5v11',
  symlink: 'M3.5 1.5h6l3 3v10h-9zM5.5 11.5l4-4M6.5 7.5h3v3',
  dynamic: 'M8 5.5a2.5 2.5 0 1 0 0 5a2.5 2.5 0 1 0 0-5zM8 1.5v2M8 12.5v2M1.5 8h2M12.5 8h2M3.4 3.4l1.4 1.4M11.2 11.2l1.4 1.4M3.4 12.6l1.4-1.4M11.2 4.8l1.4-1.4',
};
