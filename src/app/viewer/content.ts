import { asText } from './decode';

/**
 * What the viewer does with a file's bytes. Pure functions, so they are unit-tested in Node.
 * - `text`: valid UTF-8 up to EDITOR_LIMIT, shown in Monaco (editable when the file may be edited);
 * - `large-text`: bigger text, shown read-only by the line viewer, which indexes lines progressively;
 * - `image`: a format browsers display, recognised by its magic bytes (never by the name);
 * - `binary`: everything else, as a hex view.
 */
export type ContentKind = 'text' | 'large-text' | 'image' | 'binary';

/** Monaco stays responsive well past this, but highlighting and editing multi-MB files is not what it is for. */
export const EDITOR_LIMIT = 2 * 1024 * 1024;
/** How much of a big file is checked to call it text (a binary format shows itself in its first bytes). */
const SNIFF_BYTES = 64 * 1024;

/** The image formats every browser shows, by their first bytes. SVG is left out: it is text, and shown as such. */
const IMAGE_MAGIC: readonly { readonly mime: string; readonly bytes: readonly (number | null)[] }[] = [
  { mime: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { mime: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
  { mime: 'image/gif', bytes: [0x47, 0x49, 0x46, 0x38] },
  // RIFF....WEBP
  { mime: 'image/webp', bytes: [0x52, 0x49, 0x46, 0x46, null, null, null, null, 0x57, 0x45, 0x42, 0x50] },
  { mime: 'image/bmp', bytes: [0x42, 0x4d] },
  { mime: 'image/x-icon', bytes: [0x00, 0x00, 0x01, 0x00] },
];

/** The image type of `bytes`, or null. */
export function sniffImage(bytes: Uint8Array): string | null {
  return IMAGE_MAGIC.find(({ bytes: magic }) => magic.length <= bytes.length && magic.every((b, i) => b === null || bytes[i] === b))?.mime ?? null;
}

export function classify(bytes: Uint8Array): ContentKind {
  if (sniffImage(bytes) !== null) return 'image';
  if (bytes.length <= EDITOR_LIMIT) return asText(bytes) === null ? 'binary' : 'text';
  return asText(bytes.subarray(0, SNIFF_BYTES), true) === null ? 'binary' : 'large-text';
}

/** Monaco's language for a path, by its extension. */
export function languageOf(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  const ext = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1) : '';
  switch (ext) {
    case 'md':
    case 'markdown':
      return 'markdown';
    case 'json':
    case 'geojson':
      return 'json';
    case 'yaml':
    case 'yml':
      return 'yaml';
    case 'csv':
      return 'csv';
    default:
      return 'plaintext';
  }
}

/** True for names that are CSV, which the viewer can also open as a table. */
export function isCsv(path: string): boolean {
  return languageOf(path) === 'csv';
}
