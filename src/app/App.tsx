import { useEffect } from 'react';
import { useStore } from 'zustand';
import { CommitPanel } from './commit/CommitPanel';
import { ConsolePanel } from './console/ConsolePanel';
import { Banner } from './shell/Banner';
import { MirrorBanner } from './ponds/MirrorBanner';
import { Dialogs } from './shell/Dialogs';
import { Header } from './shell/Header';
import { layoutStore } from './shell/layout';
import { PaneBoundary } from './shell/PaneBoundary';
import { Splitter } from './shell/Splitter';
import { offerDroppedFile } from './ponds/pondFileActions';
import { openDialog } from './shell/ui';
import { dropAllBuffers } from './state/buffers';
import { loadDraft } from './state/draft';
import { pondStore, startPond } from './state/pond';
import { droppedPondFile } from './state/pondFile';
import { TimeTravelBanner } from './travel/TimeTravelBanner';
import { TreePanel } from './tree/TreePanel';
import { Viewer } from './viewer/Viewer';
import { Tabs } from './viewer/Tabs';

let started = false;

/** The shell: header, banner, and tree | preview | commit panel over the console, each pane on its own. */
export function App() {
  const localId = useStore(pondStore, (s) => s.status?.localId ?? null);
  const { size, collapsed } = useStore(layoutStore);

  useEffect(() => {
    // Once per page: StrictMode runs effects twice in development, and two starts could make two demo ponds.
    if (started) return;
    started = true;
    void startPond();
  }, []);

  useEffect(() => {
    if (localId === null) return;
    void loadDraft(localId);
    dropAllBuffers();
  }, [localId]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        event.stopPropagation();
        openDialog({ kind: 'palette' });
      }
    };
    // Host files dropped outside the tree would make the browser open them in place of the app.
    const keepFiles = (event: DragEvent) => {
      if (event.dataTransfer?.types.includes('Files')) event.preventDefault();
    };
    // A pond file dropped anywhere (the tree lets it through) is offered for import.
    const dropPondFile = (event: DragEvent) => {
      const file = event.dataTransfer === null ? null : droppedPondFile(event.dataTransfer);
      if (file !== null) offerDroppedFile(file);
    };
    // Capture phase: the palette opens even from inside Monaco, which claims Ctrl+K for its own chords.
    window.addEventListener('keydown', onKey, true);
    window.addEventListener('dragover', keepFiles);
    window.addEventListener('drop', keepFiles);
    window.addEventListener('drop', dropPondFile);
    return () => {
      window.removeEventListener('drop', dropPondFile);
      window.removeEventListener('keydown', onKey, true);
      window.removeEventListener('dragover', keepFiles);
      window.removeEventListener('drop', keepFiles);
    };
  }, []);

  return (
    <div className="app">
      <Header />
      <TimeTravelBanner />
      <MirrorBanner />
      <Banner />
      <div className="workspace">
        <div className="upper">
          {!collapsed.tree && (
            <div className="pane pane-side" id="pane-tree" style={{ width: size.tree }}>
              <PaneBoundary name="The explorer">
                <TreePanel />
              </PaneBoundary>
            </div>
          )}
          <Splitter pane="tree" label="Resize explorer" grow={1} />
          <main className="pane pane-centre" id="preview" tabIndex={-1}>
            <PaneBoundary name="The preview">
              <Tabs />
              <Viewer />
            </PaneBoundary>
          </main>
          <Splitter pane="commit" label="Resize commit panel" grow={-1} />
          {!collapsed.commit && (
            <div className="pane pane-side" id="pane-commit" tabIndex={-1} style={{ width: size.commit }}>
              <PaneBoundary name="The commit panel">
                <CommitPanel />
              </PaneBoundary>
            </div>
          )}
        </div>
        <Splitter pane="console" label="Resize console" grow={-1} />
        {!collapsed.console && (
          <div className="pane pane-bottom" id="pane-console" tabIndex={-1} style={{ height: size.console }}>
            <PaneBoundary name="The console">
              <ConsolePanel />
            </PaneBoundary>
          </div>
        )}
      </div>
      <Dialogs />
    </div>
  );
}
