import { notify } from '../shell/ui';
import { promotePond } from '../state/pond';

/** Promotes the mirror `localId` (named `name`) to an ordinary pond and says how it went. */
export async function promoteMirror(localId: string, name: string): Promise<void> {
  try {
    await promotePond(localId);
    notify(`'${name}' is now an ordinary pond: writable, and no longer replicated into`);
  } catch (error) {
    notify(`Could not promote '${name}': ${(error as Error).message}`);
  }
}
