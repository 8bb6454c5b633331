import { type KeyboardEvent, useId, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { clearOutput, consoleStore, loadCommandHistory, needsInput, rememberCommand, submit } from '../state/console';
import { engine } from '../state/engine';
import { pondStore } from '../state/pond';
import { useHistoryRecall } from './useHistoryRecall';

/**
 * The prompt: Enter runs (or queues) the line, ↑/↓ recall earlier lines, Tab completes. A line reading its
 * text from `-` gets a multi-line input unless a config editor offers its text.
 */
export function ConsolePrompt() {
  const localId = useStore(pondStore, (s) => s.status?.localId ?? null);
  const editorInput = useStore(consoleStore, (s) => s.editorInput);
  const [line, setLine] = useState('');
  const [stdin, setStdin] = useState('');
  const [choices, setChoices] = useState<readonly string[]>([]);
  const recall = useHistoryRecall(localId === null ? () => [] : () => loadCommandHistory(localId));
  const stdinRef = useRef<HTMLTextAreaElement>(null);
  // The line as typed now, for completions that answer after the person typed on.
  const currentLine = useRef(line);
  currentLine.current = line;
  const choicesId = useId();
  const asksInput = needsInput(line) && editorInput === null;

  function change(text: string): void {
    setLine(text);
    setChoices([]);
    recall.reset();
  }

  function run(input?: string): void {
    const text = line.trim();
    if (text === '') return;
    if (localId !== null) rememberCommand(localId, text);
    // `clear` belongs to the panel, not to the command language.
    if (text === 'clear') clearOutput();
    else submit(text, input);
    setLine('');
    setStdin('');
    setChoices([]);
    recall.reset();
  }

  async function completeLine(): Promise<void> {
    const asked = line;
    const found = await engine().call('complete', { line: asked });
    // The person kept typing while the engine looked: the answer is for a line that is gone.
    if (asked !== currentLine.current) return;
    if (found.length === 1) change(found[0] as string);
    else if (found.length > 1) {
      const common = commonPrefix(found);
      if (common.length > asked.length) setLine(common);
      setChoices(found);
    }
  }
  function onKeyDown(event: KeyboardEvent<HTMLInputElement>): void {
    if (event.key === 'Enter') {
      event.preventDefault();
      if (!asksInput) run(needsInput(line) && editorInput !== null ? editorInput : undefined);
      else stdinRef.current?.focus();
    } else if (event.key === 'Tab' && !event.shiftKey && line.trim() !== '') {
      event.preventDefault();
      void completeLine();
    } else if (event.key === 'ArrowUp' || event.key === 'ArrowDown') {
      const recalled = event.key === 'ArrowUp' ? recall.older(line) : recall.newer();
      if (recalled === null) return;
      event.preventDefault();
      setLine(recalled);
      setChoices([]);
    } else if (event.key === 'Escape') setChoices([]);
  }

  function onStdinKeyDown(event: KeyboardEvent<HTMLTextAreaElement>): void {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      run(stdin);
    }
  }

  return (
    <div className="console-prompt">
      <div className="console-input-row">
        <span className="console-sigil" aria-hidden="true">
          ❯
        </span>
        <input
          className="console-input"
          aria-label="Command"
          aria-describedby={choices.length > 0 ? choicesId : undefined}
          value={line}
          onChange={(e) => change(e.target.value)}
          onKeyDown={onKeyDown}
          spellCheck={false}
          autoComplete="off"
          autoCapitalize="off"
          placeholder={localId === null ? 'Opening the pond…' : 'Command (Tab completes, ↑/↓ recall)'}
          disabled={localId === null}
        />
      </div>
      {choices.length > 0 ? (
        <ul id={choicesId} className="console-choices" aria-label="Completions">
          {choices.map((choice) => (
            <li key={choice}>{choice.trim().split(/\s+/).pop()}</li>
          ))}
        </ul>
      ) : null}
      {needsInput(line) && editorInput !== null ? (
        <p className="console-stdin-note muted" role="status">
          <code>-</code> reads the text of the open config editor.
        </p>
      ) : null}
      {asksInput ? (
        <div className="console-stdin">
          <label htmlFor={`${choicesId}-stdin`}>
            Input for <code>-</code>
          </label>
          <textarea
            id={`${choicesId}-stdin`}
            ref={stdinRef}
            aria-label="Input for -"
            value={stdin}
            onChange={(e) => setStdin(e.target.value)}
            onKeyDown={onStdinKeyDown}
            rows={5}
            spellCheck={false}
          />
          <button type="button" onClick={() => run(stdin)}>
            Run <kbd>Ctrl+Enter</kbd>
          </button>
        </div>
      ) : null}
    </div>
  );
}

function commonPrefix(words: readonly string[]): string {
  let prefix = words[0] ?? '';
  for (const word of words) while (!word.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}
