import { type Field, Table, tableFromIPC, tableToIPC } from 'apache-arrow';
import { PondError, errorMessage } from '../errors';
import type { TableCodec } from '../tinyfs';
import { tableFromColumns } from './columns';

/** Reads a `table:physical:series` as the union of its versions (SPEC §3.1): same schema, rows in version order. */
export const arrowTables: TableCodec = {
  union(versions) {
    const tables = versions.map((bytes, i) => {
      try {
        return tableFromIPC(bytes);
      } catch (error) {
        throw new PondError('Corrupt', `table series version ${i + 1} is not an Arrow IPC stream: ${errorMessage(error)}`, { cause: error });
      }
    });
    const first = tables[0];
    if (first === undefined) throw new PondError('Corrupt', 'a table series has no versions');
    const shape = (t: Table): string => t.schema.fields.map((f) => `${f.name}:${f.type}`).join(', ');
    tables.forEach((t, i) => {
      if (shape(t) !== shape(first)) {
        throw new PondError('TypeMismatch', `table series version ${i + 1} has columns [${shape(t)}], version 1 has [${shape(first)}]`);
      }
    });
    return tableToIPC(new Table(first.schema, tables.flatMap((t) => t.batches)), 'stream');
  },
};

/**
 * Table factories' Arrow writer (structurally the factory layer's `TableWriter`): one batch built by
 * {@link tableFromColumns} (no code generation, SPEC §10), as an IPC stream like `copy --format table` writes.
 */
export const arrowTableWriter = {
  fromColumns(fields: readonly Field[], values: readonly (readonly unknown[])[], length: number): Uint8Array {
    return tableToIPC(tableFromColumns(fields, values, length), 'stream');
  },
};
