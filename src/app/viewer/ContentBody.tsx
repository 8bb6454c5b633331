import { useMemo } from 'react';
import { classify, sniffImage } from './content';
import { asText } from './decode';
import { HexView } from './HexView';
import { ImageView } from './ImageView';
import { LargeText } from './LargeText';
import { TextEditor, type TextEditorProps } from './TextEditor';

/**
 * Bytes shown the way their content calls for (never by trusting the name): the editor for text, the line
 * viewer for large text, an image, or hex. `editor` says how the text editor is set up when it is text.
 */
export function ContentBody({ bytes, label, editor }: { bytes: Uint8Array; label: string; editor: Omit<TextEditorProps, 'base' | 'label'> }) {
  const kind = useMemo(() => classify(bytes), [bytes]);
  const text = useMemo(() => (kind === 'text' ? asText(bytes) : null), [kind, bytes]);
  switch (kind) {
    case 'text':
      return <TextEditor {...editor} base={text ?? ''} label={label} />;
    case 'large-text':
      return <LargeText bytes={bytes} label={label} />;
    case 'image':
      return <ImageView bytes={bytes} mime={sniffImage(bytes) ?? 'image'} label={label} />;
    case 'binary':
      return <HexView bytes={bytes} label={label} />;
  }
}
