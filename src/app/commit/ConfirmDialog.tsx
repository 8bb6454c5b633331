import { useEffect, useId, useRef } from 'react';

/** A modal confirmation (native <dialog>: focus trapping and Escape come with it). */
export function ConfirmDialog(props: { title: string; body: string; confirm: string; onConfirm: () => void; onCancel: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const bodyId = useId();

  useEffect(() => {
    const el = dialog.current;
    if (el !== null && !el.open) el.showModal();
  }, []);

  return (
    <dialog ref={dialog} className="cp-dialog" role="alertdialog" aria-labelledby={titleId} aria-describedby={bodyId} onCancel={props.onCancel}>
      <h4 id={titleId}>{props.title}</h4>
      <p id={bodyId}>{props.body}</p>
      <div className="cp-actions cp-actions--end">
        {/* Cancel first and focused: the safe choice is the default one. */}
        <button type="button" onClick={props.onCancel} autoFocus>
          Cancel
        </button>
        <button type="button" className="cp-danger" onClick={props.onConfirm}>
          {props.confirm}
        </button>
      </div>
    </dialog>
  );
}
