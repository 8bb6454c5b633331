import { useCallback, useRef, useState } from 'react';
import { ContextMenu } from '../../tree/ContextMenu';

/**
 * Inserts `${env:NAME}` for one of the browser's secrets into a string field. Only the name goes into the
 * config; the value is looked up when the factory runs (SPEC §8), so a config can be shared without it.
 * The menu is the app's popup menu, rendered in place (not in a portal) so it works inside a modal dialog.
 */
/** The app's popup menu's width (`.context-menu` min-width and padding). */
const MENU_WIDTH = 210;

export function SecretPicker({ names, onPick }: { readonly names: readonly string[]; readonly onPick: (name: string) => void }) {
  const button = useRef<HTMLButtonElement>(null);
  const [at, setAt] = useState<{ x: number; y: number } | null>(null);
  const none = names.length === 0;
  // Stable, so the menu's focus effect does not run again each time the form re-renders.
  const close = useCallback(() => {
    setAt(null);
    button.current?.focus();
  }, []);
  return (
    <span className="secret-picker">
      <button
        ref={button}
        type="button"
        className="secret-picker-button"
        aria-haspopup="menu"
        aria-expanded={at !== null}
        aria-label="Insert a secret"
        disabled={none}
        title={none ? 'No secrets yet: add them in Settings' : 'Insert a secret as ${env:NAME}'}
        onClick={() => {
          const box = button.current?.getBoundingClientRect();
          // Opened leftwards from the button's right edge: to the right, a dialog's edge would clip it.
          setAt(at === null && box !== undefined ? { x: Math.max(0, box.right - MENU_WIDTH), y: box.bottom + 2 } : null);
        }}
      >
        {'${…}'}
      </button>
      {at !== null && (
        <ContextMenu
          x={at.x}
          y={at.y}
          label="Secrets"
          items={names.map((name) => ({ label: `\${env:${name}}`, run: () => onPick(name) }))}
          onClose={close}
        />
      )}
    </span>
  );
}
