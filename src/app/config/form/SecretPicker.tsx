import { useState } from 'react';

/**
 * Inserts `${env:NAME}` for one of the browser's secrets into a string field. Only the name goes into the
 * config; the value is looked up when the factory runs (SPEC §8), so a config can be shared without it.
 */
export function SecretPicker({ names, onPick }: { readonly names: readonly string[]; readonly onPick: (name: string) => void }) {
  const [open, setOpen] = useState(false);
  return (
    <span
      className="secret-picker"
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          event.stopPropagation();
          setOpen(false);
        }
      }}
    >
      <button type="button" className="secret-picker-button" aria-haspopup="menu" aria-expanded={open} aria-label="Insert a secret" title="Insert a secret as ${env:NAME}" onClick={() => setOpen(!open)}>
        {'${…}'}
      </button>
      {open && (
        <span className="secret-picker-menu" role="menu" aria-label="Secrets">
          {names.length === 0 && (
            <span className="muted" role="none">
              No secrets yet: add them in Settings.
            </span>
          )}
          {names.map((name) => (
            <button
              key={name}
              type="button"
              role="menuitem"
              onClick={() => {
                setOpen(false);
                onPick(name);
              }}
            >
              {`\${env:${name}}`}
            </button>
          ))}
        </span>
      )}
    </span>
  );
}
