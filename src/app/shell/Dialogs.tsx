import { useStore } from 'zustand';
import { NewDynamicNodeDialog } from '../config/NewDynamicNodeDialog';
import { DeletePondDialog, NewPondDialog, PondListDialog, RenamePondDialog } from '../ponds/PondDialogs';
import { PondFileDialog } from '../ponds/PondFileDialog';
import { MaintainDialog } from '../ponds/MaintainDialog';
import { VerifyDialog } from '../ponds/VerifyDialog';
import { SettingsDialog } from '../settings/SettingsDialog';
import { TimeTravelDialog } from '../travel/TimeTravelDialog';
import { DeleteEntryDialog, NewEntryDialog } from '../tree/dialogs';
import { CommandPalette } from './CommandPalette';
import { TaskDialog } from './TaskDialog';
import { uiStore } from './ui';

/** The one open dialog, if any. */
export function Dialogs() {
  const dialog = useStore(uiStore, (s) => s.dialog);
  if (dialog === null) return null;
  switch (dialog.kind) {
    case 'palette':
      return <CommandPalette />;
    case 'ponds':
      return <PondListDialog />;
    case 'newPond':
      return <NewPondDialog />;
    case 'renamePond':
      return <RenamePondDialog localId={dialog.localId} />;
    case 'deletePond':
      return <DeletePondDialog localId={dialog.localId} />;
    case 'settings':
      return <SettingsDialog />;
    case 'pondFile':
      return <PondFileDialog />;
    case 'task':
      return <TaskDialog />;
    case 'timeTravel':
      return <TimeTravelDialog />;
    case 'verify':
      return <VerifyDialog />;
    case 'maintain':
      return <MaintainDialog />;
    case 'newEntry':
      return <NewEntryDialog key={`${dialog.dir}:${dialog.entry}`} dir={dialog.dir} entry={dialog.entry} />;
    case 'newDynamic':
      return <NewDynamicNodeDialog key={dialog.dir} dir={dialog.dir} />;
    case 'deleteEntry':
      return <DeleteEntryDialog path={dialog.path} isDir={dialog.isDir} />;
  }
}
