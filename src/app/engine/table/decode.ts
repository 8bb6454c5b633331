import { type Table, type Vector, tableFromIPC } from 'apache-arrow';
import { inferTable, parseCsv } from '../../../cmd/tables';
import { PondError, errorMessage } from '../../../errors';
import type { WD } from '../../../tinyfs';
import type { TableSource } from '../protocol';
import { TableColumn } from './columns';

/** A decoded table: its columns (cells and numbers for the viewer) and row count. */
export interface DecodedTable {
  readonly columns: readonly TableColumn[];
  readonly rows: number;
}

/** Reads `source` from `root` (the latest version, or `source.version`) and decodes it as Arrow IPC or CSV. */
export async function loadTable(root: WD, source: TableSource): Promise<DecodedTable> {
  const bytes = source.version === undefined ? await root.readFilePath(source.path) : await root.readFileVersion(source.path, source.version);
  const table = source.csv === true ? fromCsv(bytes, source.path) : fromIpc(bytes, source.path);
  const columns = table.schema.fields.map((field, i) => new TableColumn(field, table.getChildAt(i) as Vector));
  return { columns, rows: table.numRows };
}

/** Arrow IPC (stream or file). Arrow reads bytes that are no IPC at all as an empty table: refused here. */
function fromIpc(bytes: Uint8Array, path: string): Table {
  let table: Table;
  try {
    table = tableFromIPC(bytes);
  } catch (error) {
    throw notArrow(path, errorMessage(error), error);
  }
  if (table.schema.fields.length === 0) throw notArrow(path, bytes.length === 0 ? 'the file is empty' : 'no schema found');
  return table;
}

function notArrow(path: string, why: string, cause?: unknown): PondError {
  return new PondError('TypeMismatch', `${path} is not an Arrow IPC table (${why}); open it as CSV or as a file instead`, { path, cause });
}

/** CSV with a header row; column types inferred as `copy --format table` does. */
function fromCsv(bytes: Uint8Array, path: string): Table {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    throw new PondError('TypeMismatch', `${path} is not UTF-8 text, so not CSV`, { path, cause: error });
  }
  return inferTable(parseCsv(text, path));
}
