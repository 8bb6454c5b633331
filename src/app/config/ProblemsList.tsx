import type { ConfigProblem } from '../engine/protocol';
import type { Loaded } from '../viewer/useEngineValue';
import { describeProblem } from './problems';

/**
 * The problems of a config under its editor, one button per problem with its line: choosing one moves the
 * editor's cursor there. Announced politely as the list changes while typing.
 */
export function ProblemsList({ problems, onPick }: { problems: Loaded<readonly ConfigProblem[]>; onPick: (problem: ConfigProblem) => void }) {
  const count = problems.status === 'ok' ? problems.value.length : null;
  return (
    <section className="config-problems" aria-label="Problems">
      <h3 className="config-problems-title">
        Problems
        {count !== null && count > 0 && <span className="badge">{count}</span>}
      </h3>
      <div role="status" aria-live="polite">
        {problems.status === 'loading' && <p className="muted">Checking…</p>}
        {problems.status === 'error' && <p className="field-error">Could not check the config: {problems.message}</p>}
        {count === 0 && <p className="muted">No problems: the factory accepts this config.</p>}
      </div>
      {problems.status === 'ok' && count !== null && count > 0 && (
        <ul className="config-problem-list">
          {problems.value.map((problem, index) => (
            <li key={`${index}:${problem.line}:${problem.message}`}>
              <button type="button" className={`config-problem kind-${problem.kind}`} onClick={() => onPick(problem)}>
                <span className="config-problem-line">
                  Line {problem.line}
                  {/* Like the engine's messages: a syntax problem's column matters, a key's is where the key is. */}
                  {problem.kind === 'syntax' && problem.column !== undefined ? `:${problem.column}` : ''}
                </span>
                <span>{describeProblem(problem)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
