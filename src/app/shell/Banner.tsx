import { useStore } from 'zustand';
import { pondStore } from '../state/pond';

/** What each kind of trouble means for the person using the app, and what to do about it. */
const ADVICE: Record<string, string> = {
  StorageFull: 'The browser has no room left for this pond. Free some space or make storage persistent, then try again.',
  PondLocked: 'Another tab is writing to this pond. It continues when that tab is done.',
  versionchange: 'Another tab upgraded or deleted this pond. Reload the page to continue.',
  blocked: 'Another tab keeps an older version of the database open. Close it to continue.',
  start: 'The pond could not be opened.',
};

export function Banner() {
  const banner = useStore(pondStore, (s) => s.banner);
  if (banner === null) return null;
  return (
    <div role="alert" className="banner">
      <span className="banner-text">
        <strong>{ADVICE[banner.kind] ?? 'Something went wrong.'}</strong> {banner.message}
      </span>
      {banner.kind === 'versionchange' && (
        <button type="button" onClick={() => location.reload()}>
          Reload
        </button>
      )}
      <button type="button" aria-label="Dismiss" className="icon-button" onClick={() => pondStore.setState({ banner: null })}>
        ✕
      </button>
    </div>
  );
}
