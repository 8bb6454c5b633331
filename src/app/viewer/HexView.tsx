import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import { formatBytes } from '../shell/format';
import { hexDump } from './decode';

const ROW_HEIGHT = 18;
const BYTES_PER_ROW = 16;

/** Binary content as a hex dump, all of it, virtualized: 16 bytes a row, only the visible rows rendered. */
export function HexView({ bytes, label }: { bytes: Uint8Array; label: string }) {
  const scroller = useRef<HTMLDivElement>(null);
  const rows = Math.ceil(bytes.length / BYTES_PER_ROW);
  const virtual = useVirtualizer({ count: rows, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 20 });
  return (
    <div className="large-text">
      <p className="preview-note">
        Binary content, {formatBytes(bytes.length)} ({bytes.length.toLocaleString()} bytes).
      </p>
      <div ref={scroller} className="large-text-scroll preview-hex" role="document" aria-label={label} tabIndex={0}>
        <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
          {virtual.getVirtualItems().map((row) => {
            const offset = row.index * BYTES_PER_ROW;
            const line = hexDump(bytes.subarray(offset, offset + BYTES_PER_ROW), offset);
            return (
              <div key={row.key} className="large-text-line" style={{ transform: `translateY(${row.start}px)`, height: ROW_HEIGHT }}>
                {line}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
