import { createStore } from 'zustand/vanilla';

/** The three side panes around the centre (the preview is always shown). */
export type Pane = 'tree' | 'commit' | 'console';

export interface LayoutState {
  /** Width (tree, commit) or height (console) in CSS pixels. */
  readonly size: Readonly<Record<Pane, number>>;
  readonly collapsed: Readonly<Record<Pane, boolean>>;
}

const KEY = 'duckpond:layout';
const DEFAULTS: LayoutState = { size: { tree: 280, commit: 320, console: 220 }, collapsed: { tree: false, commit: false, console: false } };
export const LIMITS: Readonly<Record<Pane, { min: number; max: number }>> = {
  tree: { min: 160, max: 640 },
  commit: { min: 200, max: 720 },
  console: { min: 80, max: 720 },
};

/** A saved layout is only trusted field by field: a stale or hand-edited value falls back to the default. */
function loadLayout(): LayoutState {
  try {
    const saved = JSON.parse(localStorage.getItem(KEY) ?? '{}') as Partial<LayoutState>;
    const panes: Pane[] = ['tree', 'commit', 'console'];
    const size = Object.fromEntries(panes.map((p) => [p, clamp(p, Number(saved.size?.[p] ?? DEFAULTS.size[p]))])) as Record<Pane, number>;
    const collapsed = Object.fromEntries(panes.map((p) => [p, saved.collapsed?.[p] === true])) as Record<Pane, boolean>;
    return { size, collapsed };
  } catch {
    return DEFAULTS;
  }
}

function clamp(pane: Pane, value: number): number {
  if (!Number.isFinite(value)) return DEFAULTS.size[pane];
  return Math.round(Math.min(LIMITS[pane].max, Math.max(LIMITS[pane].min, value)));
}

export const layoutStore = createStore<LayoutState>(loadLayout);
layoutStore.subscribe((state) => localStorage.setItem(KEY, JSON.stringify(state)));

export function resizePane(pane: Pane, size: number): void {
  layoutStore.setState((s) => ({ size: { ...s.size, [pane]: clamp(pane, size) }, collapsed: { ...s.collapsed, [pane]: false } }));
}

export function togglePane(pane: Pane, collapsed?: boolean): void {
  layoutStore.setState((s) => ({ collapsed: { ...s.collapsed, [pane]: collapsed ?? !s.collapsed[pane] } }));
}
