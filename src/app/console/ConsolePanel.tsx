import { useEffect, useRef } from 'react';
import { useStore } from 'zustand';
import { consoleStore } from '../state/console';
import { ConsolePrompt } from './ConsolePrompt';
import { ConsoleEntryView } from './ConsoleEntryView';
import './console.css';

/** The command language (SPEC §7) as a panel: a log of commands and their output above a prompt. */
export function ConsolePanel() {
  const entries = useStore(consoleStore, (s) => s.entries);
  const log = useRef<HTMLDivElement>(null);

  // Follow the newest output, as a terminal does: on new output, and when the prompt grows (completions,
  // the multi-line input) or the pane is resized, which would otherwise hide the last lines.
  useEffect(() => {
    const el = log.current;
    if (el !== null) el.scrollTop = el.scrollHeight;
  }, [entries]);
  useEffect(() => {
    const el = log.current;
    if (el === null) return;
    const observer = new ResizeObserver(() => {
      el.scrollTop = el.scrollHeight;
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  return (
    <section className="console" aria-label="Console">
      <div ref={log} className="console-log" role="log" aria-label="Console output" aria-live="polite" tabIndex={0}>
        {entries.length === 0 ? <p className="console-hint">Type a command, e.g. <kbd>help</kbd>, <kbd>list -l</kbd> or <kbd>log</kbd>. Tab completes; ↑/↓ recall.</p> : null}
        {entries.map((entry) => (
          <ConsoleEntryView key={entry.id} entry={entry} />
        ))}
      </div>
      <ConsolePrompt />
    </section>
  );
}
