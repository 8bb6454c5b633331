import { Field, Float64, TimestampMillisecond } from 'apache-arrow';
import { defineFactory } from '../registry';
import { DURATION_PATTERN, parseDuration, parseIsoDateTime } from '../time';
import type { CheckIssue } from '../validate';

export type WaveType = 'sine' | 'triangle' | 'square' | 'line';

/** One term of a point's value; defaults applied. */
export interface WaveComponent {
  readonly type: WaveType;
  readonly amplitude: number;
  readonly period: string;
  readonly offset: number;
  readonly phase: number;
  readonly slope: number;
}

/** One generated column: the sum of its components. */
export interface SeriesPoint {
  readonly name: string;
  readonly components: readonly WaveComponent[];
}

/** `synthetic-timeseries` config, defaults applied. */
export interface SyntheticTimeseriesConfig {
  readonly start: string;
  readonly end: string;
  readonly interval: string;
  readonly time_column: string;
  readonly points: readonly SeriesPoint[];
}

/** Rows one table may have: beyond this the config is refused (a typo like `1s` for `1d` would make millions). */
export const MAX_SERIES_ROWS = 100_000;

/**
 * A table factory generating deterministic waveforms: rows from `start` to `end` (both included) every
 * `interval`, a UTC millisecond timestamp column and one Float64 column per point, each the sum of its
 * components evaluated at the time elapsed since `start`.
 */
export const syntheticTimeseriesFactory = defineFactory<SyntheticTimeseriesConfig>({
  name: 'synthetic-timeseries',
  description: 'A generated time series table: sine, triangle, square and line waveforms summed per column, sampled at a fixed interval.',
  kind: 'table',
  configSchema: {
    type: 'object',
    description: 'The time range, the sampling interval and the columns to generate.',
    properties: {
      start: {
        type: 'string',
        description: 'The first timestamp: an ISO-8601 date-time with a zone (Z or ±hh:mm).',
        examples: ['2026-01-01T00:00:00Z'],
      },
      end: {
        type: 'string',
        description: 'The last timestamp (included when it falls on the interval): an ISO-8601 date-time with a zone, not before start.',
        examples: ['2026-01-08T00:00:00Z'],
      },
      interval: {
        type: 'string',
        pattern: DURATION_PATTERN,
        description: `The time between rows: whole numbers with units ms, s, m, h, d, w (e.g. 15m, 1h30m). At most ${MAX_SERIES_ROWS.toLocaleString('en')} rows per table.`,
        default: '1h',
        examples: ['1h', '15m', '1d'],
      },
      time_column: {
        type: 'string',
        minLength: 1,
        description: 'The name of the timestamp column (Timestamp, milliseconds, UTC).',
        default: 'timestamp',
        examples: ['timestamp', 'time'],
      },
      points: {
        type: 'array',
        minItems: 1,
        maxItems: 64,
        description: 'The generated columns, in order: each a Float64 column, the sum of its components.',
        examples: [[{ name: 'temperature', components: [{ type: 'sine', amplitude: 3, period: '1d', offset: 12 }] }]],
        items: {
          type: 'object',
          description: 'One generated column.',
          properties: {
            name: {
              type: 'string',
              minLength: 1,
              description: 'The column name; unique, and not the time column’s.',
              examples: ['temperature', 'oxygen'],
            },
            components: {
              type: 'array',
              minItems: 1,
              description: 'Waveforms summed to make the column.',
              examples: [[{ type: 'sine', amplitude: 3, period: '1d', offset: 12 }, { type: 'line', slope: 0.2, period: '1d' }]],
              items: {
                type: 'object',
                description: 'One waveform, evaluated at x = (time since start) / period + phase.',
                properties: {
                  type: {
                    enum: ['sine', 'triangle', 'square', 'line'],
                    description: 'sine: amplitude·sin(2πx); triangle: a triangle wave between ±amplitude rising through 0 at x = 0 like sine; square: +amplitude for the first half of each period, −amplitude for the second; line: slope·x. Each adds offset.',
                    default: 'sine',
                    examples: ['sine', 'line'],
                  },
                  amplitude: {
                    type: 'number',
                    description: 'Peak deviation from the offset (sine, triangle, square).',
                    default: 1,
                    examples: [1, 2.5],
                  },
                  period: {
                    type: 'string',
                    pattern: DURATION_PATTERN,
                    description: 'The length of one cycle (for line: the time over which the value changes by slope), as a duration.',
                    default: '1d',
                    examples: ['1d', '12h', '7d'],
                  },
                  offset: {
                    type: 'number',
                    description: 'A constant added to this component.',
                    default: 0,
                    examples: [0, 10],
                  },
                  phase: {
                    type: 'number',
                    description: 'Shift in cycles (fractions of a period): 0.25 starts a sine at its peak.',
                    default: 0,
                    examples: [0, 0.25, 0.5],
                  },
                  slope: {
                    type: 'number',
                    description: 'For line: the change per period (e.g. 0.1 per 1d).',
                    default: 0,
                    examples: [0.1, -1],
                  },
                },
                additionalProperties: false,
              },
            },
          },
          required: ['name', 'components'],
          additionalProperties: false,
        },
      },
    },
    required: ['start', 'end', 'points'],
    additionalProperties: false,
  },
  examples: [
    {
      title: 'A week of hourly temperature with a daily cycle and a slow drift',
      yaml: [
        'start: 2026-01-01T00:00:00Z',
        'end: 2026-01-08T00:00:00Z',
        'interval: 1h',
        'time_column: timestamp',
        'points:',
        '  - name: temperature',
        '    components:',
        '      - { type: sine, amplitude: 3, period: 1d, offset: 12 }',
        '      - { type: line, slope: 0.2, period: 1d }',
        '  - name: oxygen',
        '    components:',
        '      - { type: triangle, amplitude: 0.5, period: 12h, offset: 8 }',
        '',
      ].join('\n'),
    },
    {
      title: 'A square wave every 15 minutes',
      yaml: 'start: 2026-01-01T00:00:00Z\nend: 2026-01-02T00:00:00Z\ninterval: 15m\npoints:\n  - name: pump\n    components:\n      - { type: square, period: 6h }\n',
    },
  ],
  check: (config) => plan(config).issues,
  async createFile(config, context) {
    const { startMs, stepMs, rows } = plan(config);
    const times = new Array<bigint>(rows);
    for (let i = 0; i < rows; i++) times[i] = BigInt(startMs + i * stepMs);
    const columns = config.points.map((point) => {
      const waves = point.components.map((c) => ({ ...c, periodMs: parseDuration(c.period) }));
      const values = new Array<number>(rows);
      for (let i = 0; i < rows; i++) {
        const elapsed = i * stepMs;
        values[i] = waves.reduce((sum, wave) => sum + evaluate(wave, elapsed / wave.periodMs + wave.phase), 0);
      }
      return values;
    });
    const fields = [new Field(config.time_column, new TimestampMillisecond('UTC'), false), ...config.points.map((p) => new Field(p.name, new Float64(), false))];
    return context.tables.fromColumns(fields, [times, ...columns], rows);
  },
});

/** The value of one component at `x` cycles. */
function evaluate(wave: WaveComponent, x: number): number {
  const cycle = x - Math.floor(x);
  switch (wave.type) {
    case 'sine':
      return wave.offset + wave.amplitude * Math.sin(2 * Math.PI * x);
    case 'triangle': {
      // 0 at x = 0, +1 at a quarter, 0 at a half, −1 at three quarters: in step with sine.
      const shifted = x + 0.25 - Math.floor(x + 0.25);
      return wave.offset + wave.amplitude * (1 - 4 * Math.abs(shifted - 0.5));
    }
    case 'square':
      return wave.offset + wave.amplitude * (cycle < 0.5 ? 1 : -1);
    case 'line':
      return wave.offset + wave.slope * x;
  }
}

/** The rows a config makes, and the problems that stop it (times that do not parse, an empty range, too many rows). */
function plan(config: SyntheticTimeseriesConfig): { startMs: number; stepMs: number; rows: number; issues: CheckIssue[] } {
  const issues: CheckIssue[] = [];
  const instant = (key: 'start' | 'end'): number | null => {
    const ms = parseIsoDateTime(config[key]);
    if (ms === null) issues.push({ path: [key], message: `'${config[key]}' is not an ISO-8601 date-time with a zone (e.g. 2026-01-01T00:00:00Z)` });
    return ms;
  };
  const startMs = instant('start');
  const endMs = instant('end');
  const stepMs = parseDuration(config.interval);
  if (stepMs === 0) issues.push({ path: ['interval'], message: 'must be longer than 0' });
  config.points.forEach((point, i) =>
    point.components.forEach((component, j) => {
      if (parseDuration(component.period) === 0) issues.push({ path: ['points', i, 'components', j, 'period'], message: 'must be longer than 0' });
    }),
  );
  const seen = new Map<string, number>();
  config.points.forEach((point, i) => {
    if (point.name === config.time_column) issues.push({ path: ['points', i, 'name'], message: `'${point.name}' is the time column's name` });
    const first = seen.get(point.name);
    if (first !== undefined) issues.push({ path: ['points', i, 'name'], message: `duplicate column '${point.name}' (points[${first}] has it too)` });
    else seen.set(point.name, i);
  });
  let rows = 0;
  if (startMs !== null && endMs !== null && stepMs > 0) {
    if (endMs < startMs) issues.push({ path: ['end'], message: `is before start (${config.start})` });
    else {
      rows = Math.floor((endMs - startMs) / stepMs) + 1;
      if (rows > MAX_SERIES_ROWS) {
        const count = rows.toLocaleString('en');
        issues.push({ path: ['interval'], message: `${count} rows from ${config.start} to ${config.end} every ${config.interval}; the limit is ${MAX_SERIES_ROWS.toLocaleString('en')} (use a longer interval or a shorter range)` });
      }
    }
  }
  return { startMs: startMs ?? 0, stepMs, rows, issues };
}
