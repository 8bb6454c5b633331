import { type DataType, Field, Float64, Int64, TimestampMillisecond, Utf8, tableToIPC } from 'apache-arrow';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseCsv } from '../../cmd/tables';
import { tableFromColumns } from '../../tlogfs';
import { DEMO_FILES } from './demo';
import type { Cell } from './protocol';
import { type EngineCall, testEngine } from './testing';

// Every test gets an empty browser: a fresh IndexedDB factory.
beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

/** Arrow IPC bytes of columns given as [name, type, values]. */
function ipc(...columns: readonly (readonly [string, DataType, readonly unknown[]])[]): Uint8Array {
  const fields = columns.map(([name, type]) => new Field(name, type, true));
  return tableToIPC(tableFromColumns(fields, columns.map(([, , values]) => values), columns[0]?.[2].length ?? 0), 'stream');
}

async function writeTable(call: EngineCall, path: string, content: Uint8Array): Promise<void> {
  await call('apply', { origin: 'test', ops: [{ op: 'write', path, content, entryType: 'table:physical:version' }] });
}

/** The demo's readings as the CSV says them: [time ms, temperature, oxygen] per row. */
const readings = parseCsv(DEMO_FILES['demo/readings.csv'] as string, 'readings.csv').rows.map(([t, temp, o2]) => [Date.parse(t as string), Number(temp), Number(o2)]);
const column = (rows: readonly Cell[][], c: number): Cell[] => rows.map((row) => row[c] as Cell);

describe('tables in the engine', () => {
  it('opens the demo table: typed columns, a chartable time column, rows as cells, sorted both ways', async () => {
    const { call } = await testEngine();
    await call('start', {});
    const info = await call('openTable', { path: '/data/readings.arrow' });
    expect(info.columns).toEqual([
      { name: 'time', type: 'Timestamp<MILLISECOND, UTC>', kind: 'timestamp' },
      { name: 'temperature', type: 'Float64', kind: 'number' },
      { name: 'oxygen', type: 'Float64', kind: 'number' },
    ]);
    expect(info.rows).toBe(readings.length);
    expect(info.timeColumn).toBe('time');
    expect(await call('tableRows', { handle: info.handle, offset: 0, limit: 100 })).toEqual(readings);
    expect(await call('tableRows', { handle: info.handle, offset: 1, limit: 2 })).toEqual(readings.slice(1, 3));

    const temperatures = readings.map((r) => r[1] as number);
    const up = await call('tableRows', { handle: info.handle, offset: 0, limit: 100, sort: { column: 'temperature', descending: false } });
    expect(column(up, 1)).toEqual([...temperatures].sort((a, b) => a - b));
    const down = await call('tableRows', { handle: info.handle, offset: 0, limit: 100, sort: { column: 'temperature', descending: true } });
    expect(column(down, 1)).toEqual([...temperatures].sort((a, b) => b - a));
    // Whole rows move together.
    expect(down.map((row) => readings.findIndex((r) => r[0] === row[0]))).toEqual(down.map((row) => readings.findIndex((r) => r[1] === row[1])));
    // The same file opened again is the same decoded table, also after a commit that did not touch it …
    await call('exec', { line: 'mkdir /unrelated' });
    expect((await call('openTable', { path: '/data/readings.arrow' })).handle).toBe(info.handle);
    // … but not after one that did, nor as CSV.
    await call('exec', { line: 'copy host://demo/readings.csv /data/readings.arrow --format table' });
    const v2 = await call('openTable', { path: '/data/readings.arrow' });
    expect(v2.handle).not.toBe(info.handle);
    expect((await call('openTable', { path: '/data/readings.arrow', version: 1 })).handle).toBe(info.handle);
  });

  it('parses CSV on demand, and refuses to read a non-Arrow file as a table, naming it', async () => {
    const { call } = await testEngine();
    await call('start', {});
    const csv = await call('openTable', { path: '/data/readings.csv', csv: true });
    expect(csv.columns.map((c) => c.kind)).toEqual(['timestamp', 'number', 'number']);
    expect(await call('tableRows', { handle: csv.handle, offset: 0, limit: 10 })).toEqual(readings);
    for (const path of ['/data/readings.csv', '/docs/README.md']) {
      await expect(call('openTable', { path })).rejects.toMatchObject({ kind: 'TypeMismatch', message: expect.stringContaining(`${path} is not an Arrow IPC table`) });
    }
    await call('exec', { line: 'write /empty --content ""' });
    await expect(call('openTable', { path: '/empty' })).rejects.toMatchObject({ kind: 'TypeMismatch', message: expect.stringContaining('the file is empty') });
    await expect(call('openTable', { path: '/data/nothing.arrow' })).rejects.toMatchObject({ kind: 'NotFound' });
  });

  it('cells: 64-bit integers exact or as text, nulls sorted last both ways, unknown columns and handles refused', async () => {
    const { call } = await testEngine();
    await call('createPond', { name: 'cells' });
    const big = 2n ** 60n;
    await writeTable(call, '/t.arrow', ipc(['id', new Int64(), [3n, big, null, -5n]], ['name', new Utf8(), ['c', null, 'a', 'b']]));
    const info = await call('openTable', { path: '/t.arrow' });
    expect(info.timeColumn).toBeNull();
    expect(info.columns.map((c) => c.kind)).toEqual(['number', 'string']);
    expect(await call('tableRows', { handle: info.handle, offset: 0, limit: 4 })).toEqual([[3, 'c'], [big.toString(), null], [null, 'a'], [-5, 'b']]);
    const byId = (descending: boolean) => call('tableRows', { handle: info.handle, offset: 0, limit: 4, sort: { column: 'id', descending } });
    expect(column(await byId(false), 0)).toEqual([-5, 3, big.toString(), null]);
    expect(column(await byId(true), 0)).toEqual([big.toString(), 3, -5, null]);
    const byName = await call('tableRows', { handle: info.handle, offset: 0, limit: 4, sort: { column: 'name', descending: true } });
    expect(column(byName, 1)).toEqual(['c', 'b', 'a', null]);
    await expect(call('tableRows', { handle: info.handle, offset: 0, limit: 4, sort: { column: 'nope', descending: false } })).rejects.toMatchObject({ kind: 'NotFound' });
    await expect(call('tableRows', { handle: 'gone', offset: 0, limit: 4 })).rejects.toMatchObject({ kind: 'NotFound' });
    await expect(call('tableRows', { handle: info.handle, offset: -1, limit: 4 })).rejects.toMatchObject({ kind: 'InvalidArgument' });
  });

  it('keeps a few tables open: the least recently used is closed first', async () => {
    const { call } = await testEngine();
    await call('createPond', { name: 'lru' });
    const handles: string[] = [];
    for (let i = 0; i < 5; i++) {
      await writeTable(call, `/t${i}.arrow`, ipc(['x', new Float64(), [i]]));
      handles.push((await call('openTable', { path: `/t${i}.arrow` })).handle);
    }
    // Five tables: the first is evicted by the fifth.
    expect(new Set(handles).size).toBe(5);
    await expect(call('tableRows', { handle: handles[0] as string, offset: 0, limit: 1 })).rejects.toMatchObject({ kind: 'NotFound' });
    expect(await call('tableRows', { handle: handles[1] as string, offset: 0, limit: 1 })).toEqual([[1]]);
  });

  it('charts: min/max decimation keeps spikes, zoomed ranges get detail, unordered time is sorted, nulls are NaN', async () => {
    const { call } = await testEngine();
    await call('createPond', { name: 'series' });
    const n = 50_000;
    const start = Date.parse('2026-01-01T00:00:00Z');
    // Rows in reverse time order, a spike at one row, a few null values.
    const time = Array.from({ length: n }, (_, i) => BigInt(start + (n - 1 - i) * 1000));
    const value = Array.from({ length: n }, (_, i) => (i === 12_345 ? 1000 : i % 97 === 0 ? null : Math.sin(i / 500)));
    await writeTable(call, '/s.arrow', ipc(['t', new TimestampMillisecond('UTC'), time], ['v', new Float64(), value]));
    const info = await call('openTable', { path: '/s.arrow' });
    expect(info.timeColumn).toBe('t');

    const all = await call('tableSeries', { handle: info.handle, timeColumn: 't', columns: ['v'], maxPoints: 400 });
    expect(all.extent).toEqual([start, start + (n - 1) * 1000]);
    expect(all.time.length).toBeLessThanOrEqual(400);
    expect(all.time.length).toBeGreaterThan(100);
    expect([...all.time].every((t, i) => i === 0 || t >= (all.time[i - 1] as number))).toBe(true);
    const v = [...(all.values[0] as Float64Array)];
    const present = value.filter((x): x is number => x !== null);
    expect(Math.max(...v.filter((x) => !Number.isNaN(x)))).toBe(Math.max(...present));
    expect(Math.min(...v.filter((x) => !Number.isNaN(x)))).toBe(Math.min(...present));

    // A 100-second window holds 101 rows: all of them, exact, with the nulls as NaN.
    const from = start + 20_000 * 1000;
    const zoom = await call('tableSeries', { handle: info.handle, timeColumn: 't', columns: ['v'], from, to: from + 100_000, maxPoints: 400 });
    expect(zoom.extent).toEqual(all.extent);
    expect([...zoom.time]).toEqual(Array.from({ length: 101 }, (_, i) => from + i * 1000));
    const rowAt = (t: number) => n - 1 - (t - start) / 1000;
    expect([...(zoom.values[0] as Float64Array)]).toEqual([...zoom.time].map((t) => value[rowAt(t)] ?? NaN));
    await expect(call('tableSeries', { handle: info.handle, timeColumn: 't', columns: ['nope'], maxPoints: 10 })).rejects.toMatchObject({ kind: 'NotFound' });
  });

  it('diffs two versions: row counts, column changes, removed and added rows as multisets', async () => {
    const { call } = await testEngine();
    await call('createPond', { name: 'diff' });
    const v1 = ipc(['k', new Utf8(), ['a', 'b', 'c', 'c']], ['x', new Float64(), [1, 2, 3, 3]], ['gone', new Utf8(), ['', '', '', '']]);
    // Reordered, one 'c' row removed, 'b' changed, 'd' added; `gone` dropped, `extra` added.
    const v2 = ipc(['extra', new Float64(), [0, 0, 0]], ['x', new Float64(), [3, 1, 20]], ['k', new Utf8(), ['c', 'a', 'b']]);
    await writeTable(call, '/t.arrow', v1);
    await writeTable(call, '/t.arrow', v2);
    const diff = await call('tableDiff', { a: { path: '/t.arrow', version: 1 }, b: { path: '/t.arrow', version: 2 }, limit: 10 });
    expect(diff).toMatchObject({ rowsA: 4, rowsB: 3, removedCount: 2, addedCount: 1, columnsRetyped: [] });
    expect(diff.compared.map((c) => `${c.name}:${c.type}`)).toEqual(['x:Float64', 'k:Utf8']);
    expect(diff.columnsAdded.map((c) => c.name)).toEqual(['extra']);
    expect(diff.columnsRemoved.map((c) => c.name)).toEqual(['gone']);
    expect(diff.removed).toEqual([{ row: 1, cells: [2, 'b'] }, { row: 3, cells: [3, 'c'] }]);
    expect(diff.added).toEqual([{ row: 2, cells: [20, 'b'] }]);
    const limited = await call('tableDiff', { a: { path: '/t.arrow', version: 1 }, b: { path: '/t.arrow', version: 2 }, limit: 1 });
    expect([limited.removed.length, limited.removedCount]).toEqual([1, 2]);

    const retyped = ipc(['k', new Utf8(), ['a']], ['x', new Utf8(), ['1']]);
    await writeTable(call, '/t.arrow', retyped);
    const typed = await call('tableDiff', { a: { path: '/t.arrow', version: 1 }, b: { path: '/t.arrow' }, limit: 10 });
    expect(typed.columnsRetyped).toEqual([{ name: 'x', from: 'Float64', to: 'Utf8' }]);
    // The number 1 and the text "1" are different cells.
    expect(typed.removedCount).toBe(4);
  });

  it('sorts a million rows in the worker (timing printed)', async () => {
    const { call } = await testEngine();
    await call('createPond', { name: 'big' });
    const n = 1_000_000;
    let seed = 42;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const values = Array.from({ length: n }, () => random());
    await writeTable(call, '/big.arrow', ipc(['t', new TimestampMillisecond('UTC'), Array.from({ length: n }, (_, i) => BigInt(i * 1000))], ['v', new Float64(), values]));
    let at = performance.now();
    const info = await call('openTable', { path: '/big.arrow' });
    const opened = performance.now() - at;
    at = performance.now();
    const first = await call('tableRows', { handle: info.handle, offset: 0, limit: 50, sort: { column: 'v', descending: false } });
    const sorted = performance.now() - at;
    at = performance.now();
    const series = await call('tableSeries', { handle: info.handle, timeColumn: 't', columns: ['v'], maxPoints: 2000 });
    const charted = performance.now() - at;
    at = performance.now();
    await call('tableSeries', { handle: info.handle, timeColumn: 't', columns: ['v'], maxPoints: 2000 });
    const again = performance.now() - at;
    console.log(`1,000,000 rows: open ${opened.toFixed(0)} ms, first sort ${sorted.toFixed(0)} ms, series of 2000 points ${charted.toFixed(0)} ms (again: ${again.toFixed(0)} ms)`);
    const ascending = [...values].sort((a, b) => a - b);
    expect(column(first, 1)).toEqual(ascending.slice(0, 50));
    const last = await call('tableRows', { handle: info.handle, offset: n - 1, limit: 5, sort: { column: 'v', descending: false } });
    expect(column(last, 1)).toEqual([ascending[n - 1]]);
    expect(series.time.length).toBeLessThanOrEqual(2000);
  }, 60_000);
});
