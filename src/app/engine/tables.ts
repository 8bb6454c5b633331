import { PondError } from '../../errors';
import type { WD } from '../../tinyfs';
import type { Cell, SeriesData, TableDiff, TableInfo, TableSort, TableSource } from './protocol';
import { type TableColumn, isNumeric } from './table/columns';
import { type DecodedTable, loadTable } from './table/decode';
import { diffTables } from './table/diff';
import { type TimeAxis, decimate } from './table/series';
import { sortOrder } from './table/sort';

/** How many decoded tables stay open: a few viewer tabs, without holding every table ever opened. */
const KEPT_TABLES = 4;
/** The most rows one page may ask for: the grid asks for a screenful or two. */
const MAX_PAGE = 5000;
/** The most points one series request may ask for per column (a very wide screen, twice). */
const MAX_POINTS = 20_000;

/**
 * What names a table's content. Stored versions never change, so a stored file's node id and version do
 * (node ids are UUIDv7: unique across ponds, and equal only in a pond's own copies, which hold the same
 * bytes); what a factory produces is only as stable as the pond state it was read in.
 */
async function contentKey(root: WD, source: TableSource, stateKey: string): Promise<string> {
  const node = await root.getNodePath(source.path);
  const meta = await root.metadata(source.path);
  const format = source.csv === true ? 'csv' : 'arrow';
  if (meta.factory !== undefined || node.source !== undefined) return `${stateKey}:${format}:${node.path}`;
  return `${node.id.nodeId}:v${source.version ?? meta.version}:${format}`;
}

interface OpenTable {
  readonly source: TableSource;
  readonly info: TableInfo;
  readonly table: DecodedTable;
  /** Sorted row orders by `column\0direction`, computed once each. */
  readonly orders: Map<string, Uint32Array>;
  /** Time axes by column, computed once each. */
  readonly axes: Map<string, TimeAxis>;
}

/**
 * Tables the viewer opened (Arrow IPC or CSV), decoded once in the engine and kept (least recently used
 * go first) so the UI can page, sort and chart a million rows without ever holding them: it asks for one
 * page, or for a few thousand decimated points, at a time.
 */
export class TableCache {
  /** Map order is use order: the first entry is the least recently used. */
  private readonly tables = new Map<string, OpenTable>();
  private readonly loading = new Map<string, Promise<OpenTable>>();

  /**
   * Decodes `source` as read in the pond state `stateKey` (pond and txn), or finds it already open: a commit
   * that did not touch the file keeps its handle, its sort orders and its time axis.
   */
  async open(root: WD, source: TableSource, stateKey: string): Promise<TableInfo> {
    const handle = await contentKey(root, source, stateKey);
    const kept = this.tables.get(handle);
    if (kept !== undefined) return this.touch(handle, kept).info;
    let pending = this.loading.get(handle);
    if (pending === undefined) {
      // Two views opening the same table at once share one decode.
      pending = loadTable(root, source)
        .then((table) => this.keep(handle, source, table))
        .finally(() => this.loading.delete(handle));
      this.loading.set(handle, pending);
    }
    return (await pending).info;
  }

  /** Rows `offset` … `offset + limit - 1` (in `sort` order when given) as cells. */
  rows(handle: string, offset: number, limit: number, sort?: TableSort): Cell[][] {
    const open = this.get(handle);
    if (!Number.isInteger(offset) || !Number.isInteger(limit) || offset < 0 || limit < 0 || limit > MAX_PAGE) {
      throw new PondError('InvalidArgument', `table rows: offset ${offset}, limit ${limit} (a page is 0 … ${MAX_PAGE} rows from offset ≥ 0)`, { path: open.source.path });
    }
    const order = sort === undefined ? null : this.order(open, sort.column, sort.descending);
    const end = Math.min(open.info.rows, offset + limit);
    const rows: Cell[][] = [];
    for (let i = offset; i < end; i++) {
      const row = order === null ? i : (order[i] as number);
      rows.push(open.table.columns.map((column) => column.cell(row)));
    }
    return rows;
  }

  /** `columns` against `timeColumn` between `from` and `to`, min/max decimated to about `maxPoints` points. */
  series(request: { handle: string; timeColumn: string; columns: string[]; from?: number; to?: number; maxPoints: number }): SeriesData {
    const open = this.get(request.handle);
    const time = this.column(open, request.timeColumn);
    if (time.info.kind !== 'timestamp' && time.info.kind !== 'number') {
      throw new PondError('TypeMismatch', `${request.timeColumn} is a ${time.info.type} column, not a time axis`, { path: open.source.path });
    }
    const values = request.columns.map((name) => {
      const column = this.column(open, name);
      if (!isNumeric(column.info.kind)) throw new PondError('TypeMismatch', `${name} is a ${column.info.type} column: it cannot be charted`, { path: open.source.path });
      return column.numbers();
    });
    const maxPoints = Math.max(2, Math.min(MAX_POINTS, Math.floor(request.maxPoints)));
    return decimate(this.axis(open, time), values, request.from ?? -Infinity, request.to ?? Infinity, maxPoints);
  }

  /** How table B differs from table A; the first `limit` removed and added rows are listed. */
  async diff(a: { root: WD; source: TableSource }, b: { root: WD; source: TableSource }, limit: number): Promise<TableDiff> {
    const [tableA, tableB] = [await loadTable(a.root, a.source), await loadTable(b.root, b.source)];
    return diffTables(tableA.columns, tableB.columns, Math.max(0, Math.min(MAX_PAGE, Math.floor(limit))));
  }

  private keep(handle: string, source: TableSource, table: DecodedTable): OpenTable {
    const columns = table.columns.map((c) => c.info);
    const hasNumbers = columns.some((c) => c.kind === 'number');
    const info: TableInfo = { handle, columns, rows: table.rows, timeColumn: hasNumbers ? (columns.find((c) => c.kind === 'timestamp')?.name ?? null) : null };
    const open: OpenTable = { source, info, table, orders: new Map(), axes: new Map() };
    this.tables.set(handle, open);
    for (const oldest of this.tables.keys()) {
      if (this.tables.size <= KEPT_TABLES) break;
      this.tables.delete(oldest);
    }
    return open;
  }

  private get(handle: string): OpenTable {
    const open = this.tables.get(handle);
    if (open === undefined) throw new PondError('NotFound', `table ${handle} is not open (it was closed to make room): open it again`);
    return this.touch(handle, open);
  }

  /** Marks a table as just used: it moves to the end of the eviction order. */
  private touch(handle: string, open: OpenTable): OpenTable {
    this.tables.delete(handle);
    this.tables.set(handle, open);
    return open;
  }

  private column(open: OpenTable, name: string): TableColumn {
    const column = open.table.columns.find((c) => c.info.name === name);
    if (column === undefined) throw new PondError('NotFound', `${open.source.path} has no column ${JSON.stringify(name)}`, { path: open.source.path });
    return column;
  }

  private order(open: OpenTable, name: string, descending: boolean): Uint32Array {
    const key = `${name}\0${descending ? 'desc' : 'asc'}`;
    let order = open.orders.get(key);
    if (order === undefined) {
      order = sortOrder(this.column(open, name), descending);
      open.orders.set(key, order);
    }
    return order;
  }

  /** The rows with a time in ascending time order: the table itself when it is already ordered, else sorted. */
  private axis(open: OpenTable, time: TableColumn): TimeAxis {
    const kept = open.axes.get(time.info.name);
    if (kept !== undefined) return kept;
    const t = time.numbers();
    let ordered = true;
    for (let i = 0; i < t.length && ordered; i++) ordered = !Number.isNaN(t[i] as number) && (i === 0 || (t[i] as number) >= (t[i - 1] as number));
    let axis: TimeAxis;
    if (ordered) axis = { length: t.length, time: (i) => t[i] as number, row: (i) => i };
    else {
      const order = this.order(open, time.info.name, false);
      // Nulls sort last: the axis ends where they begin.
      let length = order.length;
      while (length > 0 && Number.isNaN(t[order[length - 1] as number] as number)) length--;
      axis = { length, time: (i) => t[order[i] as number] as number, row: (i) => order[i] as number };
    }
    open.axes.set(time.info.name, axis);
    return axis;
  }
}
