/** Small formatting helpers shared by the commit panel's views. */

/** A readable entry type, e.g. "table, dynamic". */
export function entryLabel(entryType: string): string {
  const [kind, ...rest] = entryType.split(':');
  const detail = rest.filter((part) => part !== 'physical' && part !== 'version');
  return [kind === 'dir' ? 'folder' : kind, ...detail].join(', ');
}

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto', style: 'short' });
const STEPS: readonly [Intl.RelativeTimeFormatUnit, number][] = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 30],
  ['month', 12],
  ['year', Number.POSITIVE_INFINITY],
];

/** "3 min. ago"-style time, for a glance; the absolute time goes in a tooltip and `dateTime`. */
export function relativeTime(time: number, now: number): string {
  // Within a minute it is "now": finer steps would need a clock ticking every second.
  if (Math.abs(time - now) < 60_000) return relative.format(0, 'second');
  let amount = (time - now) / 1000;
  for (const [unit, size] of STEPS) {
    if (Math.abs(amount) < size) return relative.format(Math.round(amount), unit);
    amount /= size;
  }
  return new Date(time).toLocaleString();
}

export function absoluteTime(time: number): string {
  return new Date(time).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}

export function duration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} m ${Math.round((ms % 60_000) / 1000)} s`;
}
