export * from './format';
export { type BundleProgress, type ControlSet, type ExportOptions, controlSets, exportPond, exportPondBytes } from './export';
export { type ImportMode, type ImportOptions, type ImportResult, type PondFileInput, importPond, readPondFileManifest, verifyPondFile } from './import';
export { type ByteSource, bytesSource } from './zip';
