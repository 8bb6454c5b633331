import { useStore } from 'zustand';
import { LIMITS, type Pane, layoutStore, resizePane, togglePane } from './layout';

const STEP = 16;

/**
 * A draggable, focusable separator (WAI-ARIA window splitter): drag with the pointer, or focus it and use
 * the arrow keys (Shift for bigger steps), Home/End for min/max, Enter to collapse or restore the pane.
 * `grow` is +1 when moving the pointer right/down makes the pane bigger, -1 when it makes it smaller.
 */
export function Splitter({ pane, label, grow }: { pane: Pane; label: string; grow: 1 | -1 }) {
  const size = useStore(layoutStore, (s) => s.size[pane]);
  const collapsed = useStore(layoutStore, (s) => s.collapsed[pane]);
  const vertical = pane !== 'console';

  const onPointerDown = (event: React.PointerEvent<HTMLDivElement>) => {
    if (event.button !== 0) return;
    event.preventDefault();
    const handle = event.currentTarget;
    handle.setPointerCapture(event.pointerId);
    const start = vertical ? event.clientX : event.clientY;
    const startSize = collapsed ? LIMITS[pane].min : size;
    const move = (e: PointerEvent) => resizePane(pane, startSize + grow * ((vertical ? e.clientX : e.clientY) - start));
    const up = () => {
      handle.removeEventListener('pointermove', move);
      handle.removeEventListener('pointerup', up);
      handle.removeEventListener('pointercancel', up);
    };
    handle.addEventListener('pointermove', move);
    handle.addEventListener('pointerup', up);
    handle.addEventListener('pointercancel', up);
  };

  const onKeyDown = (event: React.KeyboardEvent<HTMLDivElement>) => {
    const step = event.shiftKey ? STEP * 4 : STEP;
    const bigger = vertical ? (grow === 1 ? 'ArrowRight' : 'ArrowLeft') : grow === 1 ? 'ArrowDown' : 'ArrowUp';
    const smaller = vertical ? (grow === 1 ? 'ArrowLeft' : 'ArrowRight') : grow === 1 ? 'ArrowUp' : 'ArrowDown';
    if (event.key === bigger) resizePane(pane, size + step);
    else if (event.key === smaller) resizePane(pane, size - step);
    else if (event.key === 'Home') resizePane(pane, LIMITS[pane].min);
    else if (event.key === 'End') resizePane(pane, LIMITS[pane].max);
    else if (event.key === 'Enter') togglePane(pane);
    else return;
    event.preventDefault();
  };

  return (
    <div
      role="separator"
      tabIndex={0}
      aria-label={label}
      aria-orientation={vertical ? 'vertical' : 'horizontal'}
      aria-valuemin={0}
      aria-valuemax={LIMITS[pane].max}
      aria-valuenow={collapsed ? 0 : size}
      className={`splitter ${vertical ? 'splitter-v' : 'splitter-h'}`}
      onPointerDown={onPointerDown}
      onKeyDown={onKeyDown}
      onDoubleClick={() => togglePane(pane)}
    />
  );
}
