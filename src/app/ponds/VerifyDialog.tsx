import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import type { VerifySummary } from '../engine/protocol';
import { Modal } from '../shell/Modal';
import { closeDialog } from '../shell/ui';
import { engine } from '../state/engine';
import { pondStore } from '../state/pond';

type Check = { readonly step: 'running' } | { readonly step: 'done'; readonly report: VerifySummary } | { readonly step: 'failed'; readonly message: string };

/**
 * "Verify Pond" (palette, pond list): runs `verify` on the open pond in the engine and shows the report in
 * words — sound or not, what was checked, and every problem as `verify` names it (txn, node, blob, checkpoint).
 */
export function VerifyDialog() {
  const name = useStore(pondStore, (s) => s.status?.name ?? 'this pond');
  const [check, setCheck] = useState<Check>({ step: 'running' });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let current = true;
    setCheck({ step: 'running' });
    engine()
      .call('verify', {})
      .then(
        (report) => current && setCheck({ step: 'done', report }),
        (error: unknown) => current && setCheck({ step: 'failed', message: (error as Error).message }),
      );
    return () => {
      current = false;
    };
  }, [round]);
  return (
    <Modal title={`Verify ${name}`} className="wide">
      <div role="status" aria-live="polite" className="verify-report">
        {check.step === 'running' && <p>Checking every commit, blob, directory snapshot and checkpoint…</p>}
        {check.step === 'failed' && <p className="field-error">Verify could not run: {check.message}</p>}
        {check.step === 'done' && <Report report={check.report} />}
      </div>
      <div className="modal-buttons">
        <button type="button" disabled={check.step === 'running'} onClick={() => setRound((r) => r + 1)}>
          Verify again
        </button>
        <button type="button" className="primary" onClick={closeDialog}>
          Close
        </button>
      </div>
    </Modal>
  );
}

function Report({ report }: { report: VerifySummary }) {
  const sound = report.problems.length === 0;
  const seconds = (report.durationMs / 1000).toFixed(report.durationMs < 10_000 ? 1 : 0);
  return (
    <>
      <p className={sound ? 'verify-ok' : 'field-error'}>
        <strong>{sound ? 'No problems found.' : `${report.problems.length} problem${report.problems.length === 1 ? '' : 's'} found.`}</strong>{' '}
        {sound ? 'Every record reads back, every hash matches, and every checkpoint equals the history replayed.' : 'The pond may not read back as it was written. Export what you can and keep the file.'}
      </p>
      <dl className="verify-stats">
        <dt>Commits</dt>
        <dd>{report.commits.toLocaleString('en')}</dd>
        <dt>Records</dt>
        <dd>{report.entries.toLocaleString('en')}</dd>
        <dt>Blobs (files of 64 KiB or more)</dt>
        <dd>{report.blobs.toLocaleString('en')}</dd>
        <dt>Checkpoints</dt>
        <dd>{report.checkpoints.toLocaleString('en')}</dd>
        <dt>Checked in</dt>
        <dd>{seconds} s</dd>
      </dl>
      {report.unreferencedBlobs > 0 && (
        <p className="muted">
          {report.unreferencedBlobs} stored blob{report.unreferencedBlobs === 1 ? ' is' : 's are'} referenced by no commit (left by commits that did not land). They do no harm and can be reclaimed.
        </p>
      )}
      {!sound && (
        <ul className="verify-problems" aria-label="Problems">
          {report.problems.map((problem, i) => (
            <li key={i}>{problem}</li>
          ))}
        </ul>
      )}
    </>
  );
}
