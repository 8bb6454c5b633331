import { runCase } from './bench.cases';
import { serveCases } from './caseWorker';

// The storage benchmark's worker (bench/oplog.bench.mjs): the product runs its engine in a dedicated worker
// (src/app/engine/worker.ts), so the cases run in one too.
serveCases(runCase);
