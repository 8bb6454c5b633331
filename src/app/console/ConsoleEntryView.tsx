import type { ConsoleEntry } from '../state/console';

// Said in words, not only by colour.
const STATUS_WORD: Record<ConsoleEntry['status'], string | null> = { queued: 'queued', running: 'running…', done: null, error: 'failed' };

/** A run line of a command that succeeded, reporting a run that did not: worth the eye's attention. */
const RUN_FAILED = /^\s*run \d+ .*: (failed|interrupted)\b/;

/** One command and its output, always as text (React escapes it: pond content is never HTML). */
export function ConsoleEntryView({ entry }: { entry: ConsoleEntry }) {
  const word = STATUS_WORD[entry.status];
  return (
    <div className={`console-entry console-entry--${entry.status}`}>
      <div className="console-command">
        <span className="console-sigil" aria-hidden="true">
          ❯
        </span>
        <span className="console-line">{entry.line}</span>
        {word === null ? null : <span className="console-status">{word}</span>}
      </div>
      {entry.output === '' ? null : (
        <pre className="console-output">
          {entry.output.split('\n').map((text, i) => (
            <span key={i} className={RUN_FAILED.test(text) ? 'console-run-failed' : undefined}>
              {text}
              {'\n'}
            </span>
          ))}
        </pre>
      )}
    </div>
  );
}
