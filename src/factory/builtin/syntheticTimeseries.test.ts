import { type DataType, Table, tableFromIPC, tableToIPC, vectorFromArray } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { FS, MemoryPersistence } from '../../tinyfs';
import { registryResolver } from '../resolver';
import { staticSecrets } from '../env';
import { fakeReadContext } from '../testing';
import type { TableWriter } from '../types';
import { ConfigError } from '../validate';
import { createDefaultRegistry } from './index';
import { MAX_SERIES_ROWS } from './syntheticTimeseries';

/**
 * Arrow's own builders stand in for the pond's writer here (Node has no CSP; the factory layer may not import
 * tlogfs). The real writer is exercised through a pond in src/steward/factories.test.ts.
 */
const builderTables: TableWriter = {
  fromColumns(fields, values) {
    const columns = Object.fromEntries(fields.map((field, i) => [field.name, vectorFromArray(values[i] as unknown[], field.type as DataType)]));
    return tableToIPC(new Table(columns), 'stream');
  },
};

const registry = createDefaultRegistry(staticSecrets({ AMP: '2' }));

async function generate(yaml: string): Promise<Table> {
  const root = new FS(new MemoryPersistence()).root();
  return tableFromIPC(await registry.createFile('synthetic-timeseries', yaml, fakeReadContext(root, registry, { tables: builderTables })));
}

function refusal(yaml: string): string {
  try {
    registry.validate('synthetic-timeseries', yaml);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected the config to be refused');
}

const DAY = ['start: 2026-01-01T00:00:00Z', 'end: 2026-01-02T00:00:00Z', 'interval: 6h'].join('\n');
const column = (table: Table, name: string): number[] => [...(table.getChild(name) ?? [])].map((v) => Math.round(Number(v) * 1e9) / 1e9 + 0); // + 0: -0 reads as 0

describe('synthetic-timeseries', () => {
  it('samples from start to end inclusive: a UTC ms timestamp column and one Float64 column per point', async () => {
    const table = await generate(`${DAY}\npoints:\n  - name: wave\n    components: [{ type: sine, amplitude: 2, period: 1d, offset: 10 }]\n`);
    expect(table.schema.fields.map((f) => `${f.name}:${f.type}`)).toEqual(['timestamp:Timestamp<MILLISECOND, UTC>', 'wave:Float64']);
    expect(table.numRows).toBe(5);
    const start = Date.parse('2026-01-01T00:00:00Z');
    expect([...(table.getChild('timestamp') ?? [])]).toEqual([0, 6, 12, 18, 24].map((h) => start + h * 3_600_000));
    expect(column(table, 'wave')).toEqual([10, 12, 10, 8, 10]);
  });

  it('each waveform, with phase, and components summed', async () => {
    const point = (name: string, components: string): string => `  - name: ${name}\n    components: [${components}]\n`;
    const yaml = `${DAY}\ntime_column: t\npoints:\n${[
      point('sine', '{ type: sine }'),
      point('shifted', '{ type: sine, phase: 0.25 }'),
      point('triangle', '{ type: triangle, amplitude: 4 }'),
      point('square', '{ type: square, offset: 1 }'),
      point('line', '{ type: line, slope: 2, offset: 1, period: 12h }'),
      point('sum', '{ type: line, slope: 1 }, { type: square, amplitude: 10, period: 12h }'),
    ].join('')}`;
    const table = await generate(yaml);
    expect(table.schema.fields[0]?.name).toBe('t');
    expect(column(table, 'sine')).toEqual([0, 1, 0, -1, 0]);
    expect(column(table, 'shifted')).toEqual([1, 0, -1, 0, 1]);
    expect(column(table, 'triangle')).toEqual([0, 4, 0, -4, 0]);
    expect(column(table, 'square')).toEqual([2, 2, 0, 0, 2]);
    expect(column(table, 'line')).toEqual([1, 2, 3, 4, 5]);
    expect(column(table, 'sum')).toEqual([10, -9.75, 10.5, -9.25, 11]);
  });

  it('is deterministic: the same config gives the same bytes; numbers cannot be placeholders', async () => {
    const yaml = `${DAY}\npoints:\n  - name: w\n    components: [{ type: triangle, period: 5h }]\n`;
    const root = new FS(new MemoryPersistence()).root();
    const bytes = async (): Promise<Uint8Array> => registry.createFile('synthetic-timeseries', yaml, fakeReadContext(root, registry, { tables: builderTables }));
    expect(await bytes()).toEqual(await bytes());
    expect(refusal(`${DAY}\npoints:\n  - name: w\n    components: [{ amplitude: "\${env:AMP}" }]\n`)).toContain('line 6: points[0].components[0].amplitude: expected number, got string');
  });

  it('refuses absurd sizes, naming the computed row count and the limit', () => {
    expect(refusal('start: 2026-01-01T00:00:00Z\nend: 2027-01-01T00:00:00Z\ninterval: 1m\npoints: [{ name: w, components: [{ type: sine }] }]\n')).toBe(
      `Invalid configuration for factory 'synthetic-timeseries': line 3: interval: 525,601 rows from 2026-01-01T00:00:00Z to 2027-01-01T00:00:00Z every 1m; the limit is ${MAX_SERIES_ROWS.toLocaleString('en')} (use a longer interval or a shorter range)`,
    );
    expect(() => registry.validate('synthetic-timeseries', 'start: 2026-01-01T00:00:00Z\nend: 2027-01-01T00:00:00Z\ninterval: 6m\npoints: [{ name: w, components: [{}] }]\n')).not.toThrow();
  });

  it('validation names the line and key of every problem', () => {
    const yaml = [
      'start: yesterday', // 1
      'end: 2026-01-02T00:00:00Z', // 2
      'interval: 1 hour', // 3
      'points:', // 4
      '  - name: a', // 5
      '    components:', // 6
      '      - { type: saw }', // 7
      '',
    ].join('\n');
    expect(refusal(yaml).split('\n')).toEqual([
      "Invalid configuration for factory 'synthetic-timeseries': 2 problems",
      'line 3: interval: does not match the pattern ^([0-9]+(ms|s|m|h|d|w))+$',
      "line 7: points[0].components[0].type: expected one of 'sine', 'triangle', 'square', 'line', got 'saw'",
    ]);
    const checks = [
      'start: yesterday', // 1
      'end: 2025-01-02T00:00:00Z', // 2
      'interval: 0h', // 3
      'time_column: a', // 4
      'points:', // 5
      '  - { name: a, components: [{ period: 0d }] }', // 6
      '  - { name: b, components: [{}] }', // 7
      '  - { name: b, components: [{}] }', // 8
      '',
    ].join('\n');
    expect(refusal(checks).split('\n')).toEqual([
      "Invalid configuration for factory 'synthetic-timeseries': 5 problems",
      "line 1: start: 'yesterday' is not an ISO-8601 date-time with a zone (e.g. 2026-01-01T00:00:00Z)",
      'line 3: interval: must be longer than 0',
      "line 6: points[0].name: 'a' is the time column's name",
      'line 6: points[0].components[0].period: must be longer than 0',
      "line 8: points[2].name: duplicate column 'b' (points[1] has it too)",
    ]);
    expect(refusal(`start: 2026-01-02T00:00:00Z\nend: 2026-01-01T00:00:00+01:00\npoints: [{ name: a, components: [{}] }]\n`)).toBe(
      "Invalid configuration for factory 'synthetic-timeseries': line 2: end: is before start (2026-01-02T00:00:00Z)",
    );
  });

  it('fills in the documented defaults', () => {
    expect(registry.validate('synthetic-timeseries', `${DAY}\npoints: [{ name: a, components: [{}] }]\n`)).toEqual({
      start: '2026-01-01T00:00:00Z',
      end: '2026-01-02T00:00:00Z',
      interval: '6h',
      time_column: 'timestamp',
      points: [{ name: 'a', components: [{ type: 'sine', amplitude: 1, period: '1d', offset: 0, phase: 0, slope: 0 }] }],
    });
  });

  it('without a table writer (a resolver given none) the read fails loudly instead of producing something else', async () => {
    const root = new FS(new MemoryPersistence(), { resolver: registryResolver(registry) }).root();
    await root.createDynamicPath('/t', 'table:dynamic', 'synthetic-timeseries', new TextEncoder().encode(`${DAY}\npoints: [{ name: a, components: [{}] }]\n`));
    await expect(root.readFilePath('/t')).rejects.toThrow('Unsupported: this pond engine gives factories no Arrow table writer (registryResolver without `tables`)');
  });
});
