import { useRef } from 'react';

/**
 * Shell-like recall: ↑ walks back through earlier lines, ↓ forward, and past the newest returns the line
 * that was being typed before recall began.
 */
export function useHistoryRecall(load: () => readonly string[]) {
  const state = useRef<{ index: number | null; typed: string; lines: readonly string[] }>({ index: null, typed: '', lines: [] });

  return {
    /** The line before the current one, or null when there is none. */
    older(current: string): string | null {
      const s = state.current;
      if (s.index === null) {
        s.lines = load();
        s.typed = current;
        s.index = s.lines.length;
      }
      if (s.index === 0) return null;
      s.index -= 1;
      return s.lines[s.index] ?? null;
    },
    /** The line after the current one; past the newest, what was being typed. */
    newer(): string | null {
      const s = state.current;
      if (s.index === null) return null;
      s.index += 1;
      if (s.index < s.lines.length) return s.lines[s.index] ?? null;
      s.index = null;
      return s.typed;
    },
    reset(): void {
      state.current.index = null;
    },
  };
}
