// Entry of the solver worker when running from TypeScript source: Node 20 does not apply the
// parent's tsx loader (nor `--import tsx` in execArgv) to a worker, so register it here first.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.entry);
