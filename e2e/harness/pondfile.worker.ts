import { serveCases } from './caseWorker';
import { runCase } from './pondfile.bench';

// The pond-file benchmark's worker (bench/pondfile.bench.mjs): the product runs its engine in a dedicated
// worker, so export and import run in one too.
serveCases(runCase);
