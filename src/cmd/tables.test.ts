import { tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { parseIsoDateTime, toArrowTable } from './tables';

describe('copy --format table: type inference', () => {
  it('reads ISO-8601 date-times with a zone as instants, and nothing else', () => {
    expect(parseIsoDateTime('2026-11-01T00:00:00Z')).toBe(new Date('2026-11-01T00:00:00Z').getTime());
    expect(parseIsoDateTime('2026-11-01 02:30:00.25+02:30')).toBe(new Date('2026-11-01T00:00:00.250Z').getTime());
    expect(parseIsoDateTime('2026-11-01T00:00-0100')).toBe(new Date('2026-11-01T01:00:00Z').getTime());
    expect(parseIsoDateTime('0050-01-01T00:00:00Z')).toBe(new Date('0050-01-01T00:00:00Z').getTime());
    for (const text of ['2026-11-01T00:00:00', '2026-04-31T00:00:00Z', '2026-13-01T00:00:00Z', '2026-11-01', 'yesterday', '2026-11-01T24:00:00Z']) {
      expect(parseIsoDateTime(text), text).toBeNull();
    }
  });

  it('makes a column of date-times a UTC millisecond timestamp; a mixed column stays text', () => {
    const csv = 'time,value,note\n2026-11-01T00:00:00Z,1,2026-11-01T00:00:00Z\n,2,later\n2026-11-01T01:00:00+01:00,3,\n';
    const table = tableFromIPC(toArrowTable(csv, 'csv', 'x.csv'));
    expect(table.schema.fields.map((f) => `${f.name}:${f.type}`)).toEqual(['time:Timestamp<MILLISECOND, UTC>', 'value:Float64', 'note:Utf8']);
    expect([...(table.getChild('time') ?? [])]).toEqual([Date.parse('2026-11-01T00:00:00Z'), null, Date.parse('2026-11-01T00:00:00Z')]);
    const json = tableFromIPC(toArrowTable('[{"t":"2026-11-01T00:00:00Z"},{"t":null}]', 'json', 'y.json'));
    expect(String(json.schema.fields[0]?.type)).toBe('Timestamp<MILLISECOND, UTC>');
    expect(json.getChild('t')?.get(0)).toBe(Date.parse('2026-11-01T00:00:00Z'));
  });
});
