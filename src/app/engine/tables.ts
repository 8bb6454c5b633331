import { PondError } from '../../errors';
import type { WD } from '../../tinyfs';
import type { Cell, SeriesData, TableDiff, TableInfo, TableSort, TableSource } from './protocol';

/** Tables the viewer opened (Arrow IPC or CSV), decoded once in the engine. TODO(issue 7): being built. */
export class TableCache {
  async open(_root: WD, _source: TableSource, _stateKey: string): Promise<TableInfo> {
    throw new PondError('Unsupported', 'tables: not built yet');
  }

  rows(_handle: string, _offset: number, _limit: number, _sort?: TableSort): Cell[][] {
    throw new PondError('Unsupported', 'tables: not built yet');
  }

  series(_request: { handle: string; timeColumn: string; columns: string[]; from?: number; to?: number; maxPoints: number }): SeriesData {
    throw new PondError('Unsupported', 'tables: not built yet');
  }

  async diff(_a: { root: WD; source: TableSource }, _b: { root: WD; source: TableSource }, _limit: number): Promise<TableDiff> {
    throw new PondError('Unsupported', 'tables: not built yet');
  }
}
