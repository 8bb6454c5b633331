import { createStore } from 'zustand/vanilla';

/**
 * Edits not yet saved to the draft, per open text (a file's content, or a dynamic node's config): switching
 * tabs or closing one keeps them, so nothing typed is lost until the user saves or reverts it.
 * Keys: `file:<path>` and `config:<path>`.
 */
export interface BuffersState {
  readonly buffers: ReadonlyMap<string, string>;
}

export const buffersStore = createStore<BuffersState>(() => ({ buffers: new Map() }));

export const fileBuffer = (path: string): string => `file:${path}`;
export const configBuffer = (path: string): string => `config:${path}`;

export function setBuffer(key: string, text: string): void {
  buffersStore.setState((s) => ({ buffers: new Map(s.buffers).set(key, text) }));
}

export function dropBuffer(key: string): void {
  if (!buffersStore.getState().buffers.has(key)) return;
  buffersStore.setState((s) => {
    const buffers = new Map(s.buffers);
    buffers.delete(key);
    return { buffers };
  });
}

/** Forgets every unsaved edit (another pond was opened: its paths mean other files). */
export function dropAllBuffers(): void {
  buffersStore.setState({ buffers: new Map() });
}
