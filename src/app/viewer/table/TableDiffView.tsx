import { useEffect, useState } from 'react';
import type { Cell, ColumnInfo, TableDiff, TableSource } from '../../engine/protocol';
import { engine } from '../../state/engine';
import { cellClass, formatCell } from './format';
import './table.css';

/** Changed rows listed per side: enough to see what happened, small enough to read. */
const LISTED_ROWS = 100;

type DiffState = { readonly diff: TableDiff } | { readonly error: string } | null;

/**
 * How table B differs from table A (e.g. two versions of one file): row counts, columns added, removed or
 * retyped, and the rows removed (red) and added (green), compared as multisets over the common columns.
 */
export function TableDiffView({ a, b }: { a: TableSource; b: TableSource }) {
  const [state, setState] = useState<DiffState>(null);
  const key = JSON.stringify([a, b]);
  useEffect(() => {
    const [from, to] = JSON.parse(key) as [TableSource, TableSource];
    let current = true;
    setState(null);
    engine()
      .call('tableDiff', { a: from, b: to, limit: LISTED_ROWS })
      .then(
        (diff) => current && setState({ diff }),
        (error: unknown) => current && setState({ error: (error as Error).message }),
      );
    return () => {
      current = false;
    };
  }, [key]);

  if (state === null) return <p className="preview-note">Comparing…</p>;
  if ('error' in state) return <p className="field-error tv-message">Could not compare these tables: {state.error}</p>;
  const { diff } = state;
  const same = diff.removedCount === 0 && diff.addedCount === 0;
  return (
    <section className="tv-diff" aria-label="Table changes">
      <p className="tv-diff-summary">
        <span>
          Rows {diff.rowsA.toLocaleString('en-US')} → {diff.rowsB.toLocaleString('en-US')}
        </span>
        <span className="tv-removed">−{diff.removedCount.toLocaleString('en-US')} removed</span>
        <span className="tv-added">+{diff.addedCount.toLocaleString('en-US')} added</span>
      </p>
      <ColumnChanges diff={diff} />
      {diff.compared.length === 0 ? (
        <p className="preview-note">The tables have no column in common: their rows cannot be compared.</p>
      ) : same ? (
        <p className="preview-note">Same rows in both (order aside).</p>
      ) : (
        <>
          <ChangedRows title="Removed rows" side="removed" rows={diff.removed} total={diff.removedCount} columns={diff.compared} />
          <ChangedRows title="Added rows" side="added" rows={diff.added} total={diff.addedCount} columns={diff.compared} />
        </>
      )}
    </section>
  );
}

function ColumnChanges({ diff }: { diff: TableDiff }) {
  const changes = [
    ...diff.columnsAdded.map((c) => ({ key: `+${c.name}`, className: 'tv-added', text: `+ ${c.name} (${c.type})` })),
    ...diff.columnsRemoved.map((c) => ({ key: `-${c.name}`, className: 'tv-removed', text: `− ${c.name} (${c.type})` })),
    ...diff.columnsRetyped.map((c) => ({ key: `~${c.name}`, className: 'tv-retyped', text: `~ ${c.name}: ${c.from} → ${c.to}` })),
  ];
  if (changes.length === 0) return <p className="preview-note">Same columns.</p>;
  return (
    <ul className="tv-column-changes" aria-label="Column changes">
      {changes.map((c) => (
        <li key={c.key} className={c.className}>
          {c.text}
        </li>
      ))}
    </ul>
  );
}

interface ChangedRowsProps {
  readonly title: string;
  readonly side: 'removed' | 'added';
  readonly rows: TableDiff['removed'];
  readonly total: number;
  readonly columns: readonly ColumnInfo[];
}

function ChangedRows({ title, side, rows, total, columns }: ChangedRowsProps) {
  if (total === 0) return null;
  return (
    <div className={`tv-diff-rows tv-diff-${side}`}>
      <h3>
        {title} <span className="muted">{rows.length < total ? `(first ${rows.length} of ${total.toLocaleString('en-US')})` : `(${total})`}</span>
      </h3>
      <table>
        <thead>
          <tr>
            <th scope="col">{side === 'removed' ? 'Row in A' : 'Row in B'}</th>
            {columns.map((c) => (
              <th key={c.name} scope="col" className={`tv-${c.kind}`}>
                {c.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map(({ row, cells }) => (
            <tr key={row}>
              <th scope="row">{row + 1}</th>
              {cells.map((cell: Cell, i) => {
                const kind = columns[i]?.kind ?? 'other';
                return (
                  <td key={columns[i]?.name ?? i} className={cellClass(cell, kind)}>
                    {formatCell(cell, kind)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
