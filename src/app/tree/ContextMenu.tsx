import { useEffect, useRef } from 'react';

export interface MenuItem {
  readonly label: string;
  readonly shortcut?: string;
  readonly run: () => void;
  readonly danger?: boolean;
}

/**
 * A small popup menu (role="menu") at a point: arrow keys move, Enter runs, Escape or a click elsewhere
 * closes. Focus goes to the first item on open and back to the opener through `onClose`.
 */
export function ContextMenu({ x, y, label, items, onClose }: { x: number; y: number; label: string; items: readonly MenuItem[]; onClose: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const away = (event: PointerEvent) => {
      if (!ref.current?.contains(event.target as Node)) onClose();
    };
    document.addEventListener('pointerdown', away, true);
    return () => document.removeEventListener('pointerdown', away, true);
  }, [onClose]);

  const onKeyDown = (event: React.KeyboardEvent) => {
    const buttons = [...(ref.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const at = buttons.indexOf(document.activeElement as HTMLElement);
    const move = (to: number) => buttons[(to + buttons.length) % buttons.length]?.focus();
    if (event.key === 'ArrowDown') move(at + 1);
    else if (event.key === 'ArrowUp') move(at - 1);
    else if (event.key === 'Home') move(0);
    else if (event.key === 'End') move(buttons.length - 1);
    else if (event.key === 'Escape' || event.key === 'Tab') onClose();
    else return;
    event.preventDefault();
    event.stopPropagation();
  };

  // Keep the menu on screen near the window's right and bottom edges.
  const left = Math.min(x, window.innerWidth - 220);
  const top = Math.min(y, window.innerHeight - items.length * 28 - 12);
  return (
    <div ref={ref} role="menu" aria-label={label} className="context-menu" style={{ left, top }} onKeyDown={onKeyDown}>
      {items.map((item) => (
        <button
          key={item.label}
          type="button"
          role="menuitem"
          tabIndex={-1}
          className={item.danger ? 'danger' : undefined}
          onClick={() => {
            onClose();
            item.run();
          }}
        >
          <span>{item.label}</span>
          {item.shortcut !== undefined && <kbd>{item.shortcut}</kbd>}
        </button>
      ))}
    </div>
  );
}
