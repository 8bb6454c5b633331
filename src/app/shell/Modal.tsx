import { type ReactNode, useEffect, useRef } from 'react';
import { closeDialog } from './ui';

/**
 * A modal built on the native <dialog>: showModal() gives focus containment, Escape and an inert
 * background for free. Closing always goes through the ui store so exactly one dialog is open; `onCancel`
 * (Escape, a click on the backdrop) may do more, or something else, than close.
 */
export function Modal({ title, children, className, onCancel = closeDialog }: { title: string; children: ReactNode; className?: string; onCancel?: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog !== null && !dialog.open) dialog.showModal();
  }, []);
  return (
    <dialog
      ref={ref}
      className={`modal ${className ?? ''}`}
      aria-label={title}
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
      onClick={(event) => {
        // A click on the backdrop lands on the <dialog> itself, but so does one on its padding: compare positions.
        const box = event.currentTarget.getBoundingClientRect();
        const outside = event.clientX < box.left || event.clientX > box.right || event.clientY < box.top || event.clientY > box.bottom;
        if (event.target === event.currentTarget && outside) onCancel();
      }}
    >
      <h2 className="modal-title">{title}</h2>
      {children}
    </dialog>
  );
}

/** OK / Cancel row of a form dialog; the submit button carries the action's name. */
export function ModalButtons({ submit, danger, disabled }: { submit: string; danger?: boolean; disabled?: boolean }) {
  return (
    <div className="modal-buttons">
      <button type="button" onClick={closeDialog}>
        Cancel
      </button>
      <button type="submit" className={danger ? 'danger' : 'primary'} disabled={disabled}>
        {submit}
      </button>
    </div>
  );
}
