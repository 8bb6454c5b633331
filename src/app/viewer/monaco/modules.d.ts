// The editor core without the bundled languages: the same API as the package's main entry.
declare module 'monaco-editor/esm/vs/editor/edcore.main.js' {
  export * from 'monaco-editor';
}
