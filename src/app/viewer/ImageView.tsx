import { useEffect, useState } from 'react';
import { formatBytes } from '../shell/format';

/** An image from the pond, through a blob: URL (the CSP allows `img-src blob:`), with its size in pixels. */
export function ImageView({ bytes, mime, label }: { bytes: Uint8Array; mime: string; label: string }) {
  const [url, setUrl] = useState<string | null>(null);
  const [size, setSize] = useState<{ width: number; height: number } | null>(null);
  const [broken, setBroken] = useState(false);
  useEffect(() => {
    const made = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: mime }));
    setUrl(made);
    setBroken(false);
    setSize(null);
    return () => URL.revokeObjectURL(made);
  }, [bytes, mime]);
  return (
    <div className="image-view">
      <p className="preview-note">
        {mime}, {formatBytes(bytes.length)}
        {size !== null && `, ${size.width} × ${size.height} px`}
      </p>
      {broken && <p className="field-error">The browser could not decode this {mime} image; the file may be damaged.</p>}
      {url !== null && !broken && (
        <div className="image-frame">
          <img src={url} alt={label} onLoad={(event) => setSize({ width: event.currentTarget.naturalWidth, height: event.currentTarget.naturalHeight })} onError={() => setBroken(true)} />
        </div>
      )}
    </div>
  );
}
