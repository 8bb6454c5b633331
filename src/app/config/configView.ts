import { createStore } from 'zustand/vanilla';

/** How configs are edited: the schema's form, or the YAML itself. Both edit the same text. */
export type ConfigView = 'form' | 'yaml';

const KEY = 'duckpond:config-view';

/** The last view chosen is kept for this browser: someone who prefers YAML should not switch every time. */
function loadView(): ConfigView {
  try {
    return localStorage.getItem(KEY) === 'yaml' ? 'yaml' : 'form';
  } catch {
    return 'form';
  }
}

export const configViewStore = createStore<{ readonly view: ConfigView }>(() => ({ view: loadView() }));

/** Switches every config editor to `view` and remembers it. */
export function setConfigView(view: ConfigView): void {
  configViewStore.setState({ view });
  try {
    localStorage.setItem(KEY, view);
  } catch {
    // Storage refused (private mode, quota): the choice still holds for this session.
  }
}
