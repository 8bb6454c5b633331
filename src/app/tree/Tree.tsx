import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { useStore } from 'zustand';
import { isMirror, pondStore } from '../state/pond';
import { copyHostItems, moveInto } from './actions';
import { type HostEntry, fileEntry, hostItems } from './hostEntries';
import { notify, openDialog } from '../shell/ui';
import { droppedPondFile } from '../state/pondFile';
import { timeTravelStore } from '../state/timeTravel';
import { ContextMenu } from './ContextMenu';
import { folderOf, menuItems } from './menu';
import type { Row } from './rows';
import { PendingRow, TreeRow } from './TreeRow';
import { collapse, expand, isDirectory, requestPage, select, startRename, treeStore } from './treeStore';
import { useTreeRows } from './useTreeData';

const ROW_HEIGHT = 22;
/** Marks a drag that started on a tree row (a move), as opposed to files from the host (a copy). */
const PATH_TYPE = 'application/x-duckpond-path';
const TYPE_AHEAD_MS = 700;

/**
 * The pond as an ARIA tree. Focus stays on the tree element and `aria-activedescendant` names the current
 * row, because the virtualizer unmounts rows that scroll away (focus on a row would be lost with it).
 */
export function Tree() {
  const rows = useTreeRows();
  const selected = useStore(treeStore, (s) => s.selected);
  const renaming = useStore(treeStore, (s) => s.renaming);
  // As of a past commit the tree is read-only: no renames, deletes, moves or drops (the menu offers restore).
  const asOf = useStore(timeTravelStore, (s) => s.asOf);
  // A mirror too: only its replicator writes into it.
  const mirror = useStore(pondStore, isMirror);
  const editable = asOf === null && !mirror;
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 16 });
  const [menu, setMenu] = useState<{ x: number; y: number; row: Row | undefined } | null>(null);
  const [dropOn, setDropOn] = useState<string | null>(null);
  const typed = useRef({ text: '', at: 0 });

  const active = rows.findIndex((r) => r.entry.path === selected);
  // A placeholder is only a place to move through: no actions apply to it until its entry has loaded.
  const activeRow = rows[active]?.pending === undefined ? rows[active] : undefined;
  const items = virtualizer.getVirtualItems();

  // Placeholder rows in view (and in the overscan): fetch their pages.
  const wanted = [...new Set(items.flatMap((item) => {
    const pending = rows[item.index]?.pending;
    return pending === undefined ? [] : [`${pending.page}:${pending.dir}`];
  }))].join('\n');
  useEffect(() => {
    for (const key of wanted === '' ? [] : wanted.split('\n')) {
      const cut = key.indexOf(':');
      void requestPage(key.slice(cut + 1), Number(key.slice(0, cut)));
    }
  }, [wanted]);

  const go = (index: number) => {
    const target = rows[Math.max(0, Math.min(rows.length - 1, index))];
    if (target === undefined) return;
    select(target.entry.path);
    virtualizer.scrollToIndex(rows.indexOf(target));
  };

  const toggle = (row: Row) => {
    if (!row.expanded) expand(row.entry.path);
    else {
      collapse(row.entry.path);
      // A selection hidden inside the collapsed folder moves to the folder.
      if (selected?.startsWith(`${row.entry.path}/`)) select(row.entry.path);
    }
  };

  const closeMenu = useCallback(() => {
    setMenu(null);
    scrollRef.current?.focus();
  }, []);

  const openMenuAtRow = () => {
    const box = activeRow === undefined ? scrollRef.current?.getBoundingClientRect() : document.getElementById(rowId(active))?.getBoundingClientRect();
    if (box !== undefined) setMenu({ x: box.left + 24, y: box.top + (activeRow === undefined ? 8 : box.height), row: activeRow });
  };

  const typeAhead = (key: string) => {
    const now = Date.now();
    typed.current = { text: now - typed.current.at < TYPE_AHEAD_MS ? typed.current.text + key : key, at: now };
    const text = typed.current.text.toLowerCase();
    // A repeated single letter cycles through names with that letter; a longer prefix stays on its match.
    const from = text.length === 1 ? active + 1 : Math.max(0, active);
    const order = [...rows.slice(from), ...rows.slice(0, from)];
    const hit = order.find((r) => r.entry.name.toLowerCase().startsWith(text));
    if (hit !== undefined) go(rows.indexOf(hit));
  };

  const onKeyDown = (event: React.KeyboardEvent<HTMLDivElement>) => {
    if (renaming !== null || event.target !== event.currentTarget) return;
    const row = activeRow;
    const dir = row !== undefined && isDirectory(row.entry.entryType);
    if (event.key === 'ArrowDown') go(active + 1);
    else if (event.key === 'ArrowUp') go(active < 0 ? 0 : active - 1);
    else if (event.key === 'Home') go(0);
    else if (event.key === 'End') go(rows.length - 1);
    else if (event.key === 'ArrowRight' && row !== undefined) {
      if (dir && !row.expanded) expand(row.entry.path);
      else if (dir && (rows[active + 1]?.level ?? 0) > row.level) go(active + 1);
    } else if (event.key === 'ArrowLeft' && row !== undefined) {
      if (dir && row.expanded) collapse(row.entry.path);
      else if (row.level > 1) go(parentIndex(rows, active));
    } else if (event.key === 'Enter' && row !== undefined) {
      if (dir) toggle(row);
      else document.getElementById('preview')?.focus();
    } else if (event.key === 'F2' && editable && row !== undefined && row.mark?.state !== 'removed') startRename(row.entry.path);
    else if (event.key === 'Delete' && editable && row !== undefined && row.mark?.state !== 'removed')
      openDialog({ kind: 'deleteEntry', path: row.entry.path, isDir: dir });
    else if ((event.key === 'F2' || event.key === 'Delete') && !editable) notify(asOf === null ? 'Read-only: this pond is a mirror. Promote it to change it.' : `Read-only: viewing txn ${asOf}. Escape goes back to the latest commit.`);
    else if (event.key === 'ContextMenu' || (event.key === 'F10' && event.shiftKey)) openMenuAtRow();
    else if (event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey && event.key !== ' ') typeAhead(event.key);
    else return;
    event.preventDefault();
  };

  /** Drop handlers for a folder (a row's folder, or the root for the empty space below the rows). */
  const dropInto = (dir: string): Pick<React.HTMLAttributes<HTMLDivElement>, 'onDragOver' | 'onDragLeave' | 'onDrop'> => ({
    onDragOver: (event) => {
      const types = event.dataTransfer.types;
      if (!types.includes(PATH_TYPE) && !types.includes('Files')) return;
      event.preventDefault();
      event.stopPropagation();
      event.dataTransfer.dropEffect = types.includes('Files') ? 'copy' : 'move';
      setDropOn(dir);
    },
    onDragLeave: () => setDropOn(null),
    onDrop: (event) => {
      setDropOn(null);
      // A pond file is imported as a pond, not copied into this one: left to the window's drop handler.
      if (droppedPondFile(event.dataTransfer) !== null) return;
      event.preventDefault();
      event.stopPropagation();
      const dropped = hostEntriesOf(event.dataTransfer);
      if (dropped.length > 0) void copyDropped(dir, dropped);
      else {
        const path = event.dataTransfer.getData(PATH_TYPE);
        if (path !== '') moveInto(path, dir);
      }
    },
  });

  const total = virtualizer.getTotalSize();
  return (
    <div
      ref={scrollRef}
      id="tree"
      role="tree"
      aria-label="Pond files"
      aria-activedescendant={active >= 0 ? rowId(active) : undefined}
      tabIndex={0}
      className="tree"
      onKeyDown={onKeyDown}
      onFocus={(event) => {
        if (event.target === event.currentTarget && active < 0 && rows[0] !== undefined) select(rows[0].entry.path);
      }}
      onContextMenu={(event) => {
        event.preventDefault();
        setMenu({ x: event.clientX, y: event.clientY, row: undefined });
      }}
      {...(editable ? dropInto('/') : {})}
    >
      <div role="presentation" className={`tree-canvas${dropOn === '/' ? ' drop-target' : ''}`} style={{ height: Math.max(total, 1) }}>
        {items.map((item) => {
          const row = rows[item.index] as Row;
          const path = row.entry.path;
          const style: React.CSSProperties = { position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` };
          if (row.pending !== undefined) return <PendingRow key={path} row={row} id={rowId(item.index)} active={item.index === active} style={style} />;
          return (
            <TreeRow
              key={path}
              row={row}
              id={rowId(item.index)}
              selected={path === selected}
              active={item.index === active}
              renaming={path === renaming}
              dropTarget={dropOn !== null && dropOn !== '/' && path === dropOn}
              style={style}
              onActivate={() => {
                select(path);
                scrollRef.current?.focus();
              }}
              onToggle={() => toggle(row)}
              onContextMenu={(event) => {
                event.preventDefault();
                event.stopPropagation();
                select(path);
                setMenu({ x: event.clientX, y: event.clientY, row });
              }}
              dragHandlers={
                editable
                  ? {
                      onDragStart: (event) => {
                        event.dataTransfer.setData(PATH_TYPE, path);
                        event.dataTransfer.setData('text/plain', path);
                        event.dataTransfer.effectAllowed = 'copyMove';
                      },
                      ...dropInto(folderOf(row)),
                    }
                  : null
              }
            />
          );
        })}
      </div>
      {/* In <body>, not inside the tree: a menu is not a tree item, and its keys must not reach the tree. */}
      {menu !== null &&
        createPortal(<ContextMenu x={menu.x} y={menu.y} label={menu.row?.entry.name ?? 'Pond root'} items={menuItems(menu.row, asOf, mirror)} onClose={closeMenu} />, document.body)}
    </div>
  );
}

/**
 * What the host dropped, as entries: folders through `webkitGetAsEntry()` (to be walked), files as they are.
 * Read during the drop event itself: the browser empties the DataTransfer afterwards.
 */
function hostEntriesOf(transfer: DataTransfer): HostEntry[] {
  const entries: HostEntry[] = [];
  for (const item of transfer.items) {
    if (item.kind !== 'file') continue;
    const entry = item.webkitGetAsEntry();
    const file = item.getAsFile();
    if (entry?.isDirectory === true) entries.push(entry);
    else if (file !== null) entries.push(fileEntry(file));
  }
  return entries;
}

async function copyDropped(dir: string, entries: readonly HostEntry[]): Promise<void> {
  try {
    await copyHostItems(dir, await hostItems(dir, entries));
  } catch (error) {
    notify(`Could not read the dropped files: ${(error as Error).message}`);
  }
}

/** The row of the folder that holds row `index`: the nearest row above it one level up. */
function parentIndex(rows: readonly Row[], index: number): number {
  const level = (rows[index]?.level ?? 1) - 1;
  for (let i = index - 1; i >= 0; i--) if (rows[i]?.level === level) return i;
  return index;
}

function rowId(index: number): string {
  return `tree-row-${index}`;
}
