import type { VersionEntry } from '../engine/protocol';
import { versionLabel } from './versions';

/**
 * Every version of a file, newest first, with its commit and time. The first choice is "the newest": the
 * draft's content when the draft changes the file, else the latest version.
 */
export function VersionPicker({ label, versions, picked, drafted, onPick }: { label: string; versions: readonly VersionEntry[]; picked: number | null; drafted: boolean; onPick: (version: number | null) => void }) {
  const newest = [...versions].reverse();
  const [latest, ...older] = newest;
  return (
    <label className="version-picker">
      <span className="muted">{label}</span>
      <select value={picked === null ? '' : String(picked)} onChange={(event) => onPick(event.target.value === '' ? null : Number(event.target.value))}>
        <option value="">{drafted ? 'Draft (not committed)' : latest === undefined ? 'Latest' : `Latest: ${versionLabel(latest)}`}</option>
        {(drafted ? newest : older).map((v) => (
          <option key={v.version} value={v.version}>
            {versionLabel(v)}
          </option>
        ))}
      </select>
    </label>
  );
}
