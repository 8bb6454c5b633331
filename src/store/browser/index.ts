/** Browser adapters of the store ports: IndexedDB (via `idb`), Web Locks, BroadcastChannel and fetch. */
export { BrowserLogStore } from './logStore';
export { BrowserCatalog, type BrowserCatalogOptions } from './catalog';
export { BrowserPondOpener } from './pondOpener';
export { WebLockWriteLock, type Locks } from './webLock';
export { BroadcastChangeNotifier } from './broadcastNotifier';
export { FetchHttp, type FetchFunction } from './fetchHttp';
export { IdbSecrets } from './secrets';
export type { ConnectionEvents } from './connection';
export { CATALOG_DATABASE, SECRETS_DATABASE, pondDatabaseName, lockName, changeChannelName } from './names';
