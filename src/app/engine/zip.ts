import { PondError } from '../../errors';
import type { WD } from '../../tinyfs';
import type { RunningTask } from './tasks';

/** A folder as a zip, file by file. TODO(issue 7): being built. */
export async function zipFolder(_root: WD, _path: string, _running: RunningTask): Promise<Blob> {
  throw new PondError('Unsupported', 'zip: not built yet');
}
