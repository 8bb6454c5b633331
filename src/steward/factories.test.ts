import { tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { decode } from '../tinyfs/testing';
import { memoryPond } from './testing';

/**
 * The production factories of issue 10 in a real pond (the OpLog, the steward's resolver and its Arrow table
 * writer): a dynamic-dir composing a generated table and a template, read now and as of an earlier commit.
 */
const REPORTS = [
  'entries:',
  '  - name: waves',
  '    factory: synthetic-timeseries',
  '    config:',
  '      start: 2026-01-01T00:00:00Z',
  '      end: 2026-01-01T12:00:00Z',
  '      interval: 3h',
  '      points:',
  '        - name: level',
  '          components: [{ type: square, amplitude: 2, period: 12h, offset: 5 }]',
  '  - name: summary.md',
  '    factory: template',
  '    config:',
  '      inputs: { glob: /sites/*.yaml, as: sites }',
  '      template: "{{#sites}}{{captures.0}}={{content.depth}} {{/sites}}"',
  '  - name: more',
  '    factory: dynamic-dir',
  '    config:',
  '      entries:',
  '        - { name: note.txt, factory: test-file, config: { content: "${env:WHO}" } }',
  '',
].join('\n');

describe('production factories in a pond', () => {
  it('a dynamic-dir of a synthetic table and a template: listed, read, globbed, and as of an earlier commit', async () => {
    const pond = await memoryPond({ WHO: 'the steward' });
    await pond.applyDraft(
      [
        { op: 'mkdir', path: '/sites', parents: true },
        { op: 'write', path: '/sites/north.yaml', content: 'depth: 12\n' },
        { op: 'mknod', path: '/reports', entryType: 'dir:dynamic', factory: 'dynamic-dir', config: REPORTS },
      ],
      { origin: 'test' },
    );
    const first = (await pond.read()).root();
    expect((await first.entries()).map((n) => n.path)).toEqual(['/reports', '/sites']);
    const listing = await (await first.openDirPath('/reports')).entries();
    expect(listing.map((n) => `${n.path}:${n.entryType}`)).toEqual(['/reports/more:dir:dynamic', '/reports/summary.md:file:dynamic', '/reports/waves:table:dynamic']);

    const table = tableFromIPC(await first.readFilePath('/reports/waves'));
    expect(table.schema.fields.map((f) => `${f.name}:${f.type}`)).toEqual(['timestamp:Timestamp<MILLISECOND, UTC>', 'level:Float64']);
    expect([...(table.getChild('level') ?? [])]).toEqual([7, 7, 3, 3, 7]);
    expect(decode(await first.readFilePath('/reports/summary.md'))).toBe('north=12 ');
    expect(decode(await first.readFilePath('/reports/more/note.txt'))).toBe('the steward');
    expect((await first.collectMatches('/reports/**')).map(([n]) => n.path)).toEqual([
      '/reports/more',
      '/reports/more/note.txt',
      '/reports/summary.md',
      '/reports/waves',
    ]);
    const before = (await pond.read()).txnSeq;

    await pond.applyDraft([{ op: 'write', path: '/sites/south.yaml', content: 'depth: 3\n' }], { origin: 'test' });
    expect(decode(await (await pond.read()).root().readFilePath('/reports/summary.md'))).toBe('north=12 south=3 ');
    // Time travel: the template reads the pond as it was.
    expect(decode(await (await pond.read(before)).root().readFilePath('/reports/summary.md'))).toBe('north=12 ');
  });

  it('a draft with an invalid nested config is refused before anything is written', async () => {
    const pond = await memoryPond();
    const bad = REPORTS.replace('interval: 3h', 'interval: 1ms');
    await expect(pond.applyDraft([{ op: 'mknod', path: '/reports', entryType: 'dir:dynamic', factory: 'dynamic-dir', config: bad }], { origin: 'test' })).rejects.toThrow(
      /line 7: entries\[0\]\.config\.interval: 43,200,001 rows from 2026-01-01T00:00:00Z to 2026-01-01T12:00:00Z every 1ms; the limit is 100,000/,
    );
    expect(await (await pond.read()).root().exists('/reports')).toBe(false);
  });
});
