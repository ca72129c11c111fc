// Worker entry: Node 20 does not pass `--import tsx` on to worker threads, so the TypeScript loader
// is registered here before the TypeScript worker module is imported.
import { workerData } from 'node:worker_threads';

if (workerData.entry.endsWith('.ts')) {
  const { register } = await import('tsx/esm/api');
  register();
}
await import(workerData.entry);
