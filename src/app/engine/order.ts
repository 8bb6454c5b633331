/**
 * The order of a directory's entries in the tree: folders first, then by name as the user's locale sorts.
 * The engine pages listings in this order and the tree merges draft entries with it, so both threads must
 * use this one comparator (a different order would put fetched pages in the wrong rows).
 */
const collator = new Intl.Collator();

export function byFolderThenName(a: { readonly name: string; readonly entryType: string }, b: { readonly name: string; readonly entryType: string }): number {
  const folder = Number(b.entryType.startsWith('dir:')) - Number(a.entryType.startsWith('dir:'));
  return folder !== 0 ? folder : collator.compare(a.name, b.name);
}
