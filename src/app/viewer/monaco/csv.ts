import type * as Monaco from 'monaco-editor';

/** Columns coloured in turn; after the last one the colours repeat, as in "rainbow" CSV highlighters. */
const COLUMN_COLOURS = 6;

/**
 * CSV highlighting (Monaco has none): a Monarch tokenizer with one state per column colour, so each column
 * keeps its colour down the file and quoted fields (with commas and "" inside) stay one field.
 */
export function registerCsv(monaco: typeof Monaco): void {
  if (monaco.languages.getLanguages().some((language) => language.id === 'csv')) return;
  monaco.languages.register({ id: 'csv', extensions: ['.csv'], aliases: ['CSV'] });
  const tokenizer: Record<string, Monaco.languages.IMonarchLanguageRule[]> = {};
  // Monarch tokenizes line by line: a field that ends the line sends the next line back to column 0,
  // while a line that ends inside quotes stays quoted (a field may hold newlines).
  const endsLine = (token: string, otherwise: string): Monaco.languages.IMonarchLanguageAction => ({
    cases: { '@eos': { token, switchTo: '@col0' }, '@default': { token, switchTo: otherwise } },
  });
  for (let c = 0; c < COLUMN_COLOURS; c++) {
    const field = `csv.col${c}`;
    tokenizer[`col${c}`] = [
      [/"/, { token: field, switchTo: `@quoted${c}` }],
      [/[^,"]+/, endsLine(field, `@col${c}`)],
      [/,/, endsLine('delimiter', `@col${(c + 1) % COLUMN_COLOURS}`)],
    ];
    tokenizer[`quoted${c}`] = [
      [/[^"]+/, field],
      [/""/, field],
      [/"/, endsLine(field, `@col${c}`)],
    ];
  }
  monaco.languages.setMonarchTokensProvider('csv', { defaultToken: '', start: 'col0', tokenizer } as Monaco.languages.IMonarchLanguage);
  const colours = { light: ['0451a5', 'a31515', '098658', '795e26', 'af00db', '267f99'], dark: ['9cdcfe', 'ce9178', 'b5cea8', 'dcdcaa', 'c586c0', '4ec9b0'] };
  monaco.editor.defineTheme('duckpond-light', { base: 'vs', inherit: true, rules: colours.light.map((foreground, c) => ({ token: `csv.col${c}`, foreground })), colors: {} });
  // vs-dark's comment green (#6a9955) is below WCAG AA contrast on the editor's background (axe, config editor).
  const darkComment = { token: 'comment', foreground: '7ca668' };
  monaco.editor.defineTheme('duckpond-dark', { base: 'vs-dark', inherit: true, rules: [...colours.dark.map((foreground, c) => ({ token: `csv.col${c}`, foreground })), darkComment], colors: {} });
}
