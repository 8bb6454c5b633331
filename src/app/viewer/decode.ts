/**
 * Text when the bytes are valid UTF-8 without NUL bytes (NULs mean a binary format); otherwise null.
 * `truncated`: the bytes are a prefix, so a character cut at the end is not an error.
 */
export function asText(bytes: Uint8Array, truncated = false): string | null {
  if (bytes.includes(0)) return null;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: truncated });
  } catch {
    return null;
  }
}

/** Classic hex dump lines: offset (counted from `base`), 16 bytes in hex, and their printable ASCII. */
export function hexDump(bytes: Uint8Array, base = 0): string {
  const lines: string[] = [];
  for (let offset = 0; offset < bytes.length; offset += 16) {
    const chunk = bytes.subarray(offset, offset + 16);
    const hex = [...chunk].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    const ascii = [...chunk].map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    lines.push(`${(base + offset).toString(16).padStart(8, '0')}  ${hex.padEnd(47)}  ${ascii}`);
  }
  return lines.join('\n');
}
