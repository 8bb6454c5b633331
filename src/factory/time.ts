import { PondError } from '../errors';

/** Date-times and durations as factory configs write them (shared with `copy --format table`'s inference). */

/**
 * `2026-11-01T00:00:00Z`, `2026-11-01 00:00:00.250+02:00`: an ISO-8601 / RFC 3339 date-time with seconds
 * optional, a fraction, and a zone. A date-time without a zone stays text: reading it as UTC or as the
 * reader's local time would silently move it.
 */
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** ms since the epoch of an ISO-8601 date-time with a zone, or null when `text` is not one (or names no real instant). */
export function parseIsoDateTime(text: string): number | null {
  const m = ISO_DATE_TIME.exec(text.trim());
  if (m === null) return null;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map((part) => Number(part ?? 0)) as [number, number, number, number, number, number];
  const ms = Number(((m[7] ?? '') + '000').slice(0, 3));
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return null;
  // Not Date.UTC: it reads years 0–99 as 1900–1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, ms);
  // A day that does not exist in its month (31 April) rolls over to the next: not a date.
  if (date.getUTCDate() !== day) return null;
  const local = date.getTime();
  const zone = m[8] as string;
  if (zone.toUpperCase() === 'Z') return local;
  const digits = zone.replace(':', '');
  const offset = (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5))) * 60_000;
  return zone[0] === '+' ? local - offset : local + offset;
}

/** Milliseconds per duration unit. */
const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `1h`, `15m`, `1h30m`, `500ms`: one or more whole numbers each followed by a unit (ms, s, m, h, d, w). */
export const DURATION_PATTERN = '^([0-9]+(ms|s|m|h|d|w))+$';

/** The milliseconds of a duration written as {@link DURATION_PATTERN}; `InvalidArgument` for anything else. */
export function parseDuration(text: string): number {
  if (!new RegExp(DURATION_PATTERN).test(text)) {
    throw new PondError('InvalidArgument', `'${text}' is not a duration (write e.g. 1h, 15m, 1d, 1h30m, 500ms; units ms, s, m, h, d, w)`);
  }
  let total = 0;
  for (const [, amount, unit] of text.matchAll(/([0-9]+)(ms|s|m|h|d|w)/g)) total += Number(amount) * (UNIT_MS[unit as string] as number);
  return total;
}
