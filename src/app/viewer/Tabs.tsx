import { type KeyboardEvent, useEffect } from 'react';
import { useStore } from 'zustand';
import { buffersStore, fileBuffer } from '../state/buffers';
import { pondStore } from '../state/pond';
import { treeStore } from '../tree/treeStore';
import { activateTab, closeAllTabs, closeTab, followSelection, tabsStore } from './tabs';

/**
 * The tab strip of the centre pane: one tab per open file; the active one is the explorer's selection.
 * Keyboard: ←/→ move between tabs, Delete closes one. The × is for the mouse only (a button inside a tab
 * would be a nested control, which screen readers handle badly).
 */
export function Tabs() {
  const open = useStore(tabsStore, (s) => s.open);
  const active = useStore(treeStore, (s) => s.selected);
  const localId = useStore(pondStore, (s) => s.status?.localId ?? null);
  const buffers = useStore(buffersStore, (s) => s.buffers);
  useEffect(followSelection, []);
  useEffect(closeAllTabs, [localId]);
  if (open.length === 0) return null;

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>, path: string, index: number): void => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (step !== 0) {
      const next = open[(index + step + open.length) % open.length];
      if (next !== undefined) activateTab(next);
      (event.currentTarget.parentElement?.children[(index + step + open.length) % open.length] as HTMLElement | undefined)?.focus();
    } else if (event.key === 'Delete') closeTab(path);
    else if (event.key === 'Enter' || event.key === ' ') activateTab(path);
    else return;
    event.preventDefault();
  };

  return (
    <div className="tabs" role="tablist" aria-label="Open files">
      {open.map((path, index) => {
        const name = path.slice(path.lastIndexOf('/') + 1);
        const selected = path === active || (!open.includes(active ?? '') && index === 0);
        return (
          <div
            key={path}
            role="tab"
            aria-selected={path === active}
            tabIndex={selected ? 0 : -1}
            className={`tab${path === active ? ' tab-active' : ''}`}
            title={`${path} (Delete closes)`}
            onClick={() => activateTab(path)}
            onAuxClick={(event) => event.button === 1 && closeTab(path)}
            onKeyDown={(event) => onKeyDown(event, path, index)}
          >
            <span className="tab-label">{name}</span>
            {buffers.has(fileBuffer(path)) && (
              <span className="tab-dirty" title="Unsaved edits">
                ●<span className="visually-hidden"> (unsaved edits)</span>
              </span>
            )}
            <span
              className="tab-close"
              aria-hidden="true"
              onClick={(event) => {
                event.stopPropagation();
                closeTab(path);
              }}
            >
              ×
            </span>
          </div>
        );
      })}
    </div>
  );
}
