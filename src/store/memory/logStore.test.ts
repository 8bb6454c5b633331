import { logStoreContract } from '../logStore.contract';
import { MemoryLogStore } from './logStore';

logStoreContract('MemoryLogStore', async () => new MemoryLogStore());
