import { type Document, isMap, isScalar, isSeq, parseDocument } from 'yaml';

/**
 * The form view's edits of a config, made through the `yaml` Document API on the same text the YAML view
 * shows: a parsed document keeps comments, key order and scalar styles, and an edit replaces one value in
 * place (an existing scalar node keeps its comment), so switching between the views loses nothing.
 * Everything here is pure text → text; the YAML text stays the one source of truth.
 */

/** A place in a config: keys of mappings and indexes of sequences, as the engine reports problems. */
export type KeyPath = readonly (string | number)[];

/** A config that parses, or why the form cannot edit it (the first YAML error, with its line). */
export type ParsedConfig = { readonly ok: true; readonly doc: Document.Parsed } | { readonly ok: false; readonly line: number; readonly message: string };

/** Parses `text` for the form; a syntax error makes the form step aside for the YAML view. */
export function parseConfig(text: string): ParsedConfig {
  const doc = parseDocument(text, { keepSourceTokens: false });
  const error = doc.errors[0];
  if (error !== undefined) return { ok: false, line: error.linePos?.[0].line ?? 1, message: error.message.split('\n')[0] ?? error.message };
  return { ok: true, doc };
}

/** The plain value at `path` (undefined when absent). */
export function valueAt(doc: Document, path: KeyPath): unknown {
  if (path.length === 0) return doc.toJS();
  const node = doc.getIn(path, true);
  if (node === undefined || node === null) return undefined;
  if (isScalar(node)) return node.value;
  if (isMap(node) || isSeq(node)) return node.toJSON();
  return node;
}

/** Keys of the mapping at `path`, in document order (empty when it is not a mapping). */
export function keysAt(doc: Document, path: KeyPath): string[] {
  const node = path.length === 0 ? doc.contents : doc.getIn(path, true);
  if (!isMap(node)) return [];
  return node.items.map((pair) => (isScalar(pair.key) ? String(pair.key.value) : String(pair.key)));
}

/** How many items the sequence at `path` has (0 when it is absent or not a sequence). */
export function lengthAt(doc: Document, path: KeyPath): number {
  const node = doc.getIn(path, true);
  return isSeq(node) ? node.items.length : 0;
}

/** `text` with the value at `path` set (missing parents are created as mappings). */
export function withValue(text: string, path: KeyPath, value: unknown): string {
  return edit(text, (doc) => {
    const node = doc.getIn(path, true);
    // Replacing a scalar with a scalar keeps its node (comment, quoting); anything else gets a new node.
    if (isScalar(node) && (value === null || typeof value !== 'object')) {
      // A style chosen for the old value (`""` for an empty string, none for a number) need not suit the
      // new one: let the printer choose again. A style the author chose for a text is kept.
      if (node.value === '' || typeof node.value !== typeof value) delete node.type;
      node.value = value;
    }
    else doc.setIn(path, value);
  });
}

/** `text` without the key or item at `path`. */
export function withoutValue(text: string, path: KeyPath): string {
  return edit(text, (doc) => {
    doc.deleteIn(path);
  });
}

/** `text` with `item` appended to the sequence at `path` (created when absent). */
export function withItem(text: string, path: KeyPath, item: unknown): string {
  return edit(text, (doc) => {
    if (isSeq(doc.getIn(path, true))) doc.addIn(path, doc.createNode(item));
    else doc.setIn(path, doc.createNode([item]));
  });
}

/** `text` with the key `from` of the mapping at `path` renamed to `to`, in place (order and comments kept). */
export function withKeyRenamed(text: string, path: KeyPath, from: string, to: string): string {
  return edit(text, (doc) => {
    const map = path.length === 0 ? doc.contents : doc.getIn(path, true);
    if (!isMap(map)) return;
    const pair = map.items.find((item) => (isScalar(item.key) ? String(item.key.value) : String(item.key)) === from);
    if (pair === undefined) return;
    if (isScalar(pair.key)) pair.key.value = to;
    else pair.key = doc.createNode(to);
  });
}

/** `text` with the sequence item at `path ++ [index]` swapped with its neighbour `index + by`. */
export function withItemMoved(text: string, path: KeyPath, index: number, by: -1 | 1): string {
  return edit(text, (doc) => {
    const seq = doc.getIn(path, true);
    if (!isSeq(seq)) return;
    const other = index + by;
    if (other < 0 || other >= seq.items.length) return;
    const items = seq.items;
    [items[index], items[other]] = [items[other], items[index]];
  });
}

/** Parses, applies `change`, prints; a text that does not parse is refused (the form never edits one). */
function edit(text: string, change: (doc: Document.Parsed) => void): string {
  const parsed = parseConfig(text);
  if (!parsed.ok) throw new Error(`The config does not parse (line ${parsed.line}: ${parsed.message}); fix it in the YAML view first.`);
  change(parsed.doc);
  return parsed.doc.toString();
}
