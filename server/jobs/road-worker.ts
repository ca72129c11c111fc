/**
 * A road build's thread: one build, then the thread ends (JobRunner.startRoadBuild terminates it),
 * so that the gigabytes a county's extract can take while it is parsed go back at once.
 */
import { parentPort } from 'node:worker_threads';
import { buildRoadData } from '../roads/build.js';
import { serveJobs } from './serve.js';

serveJobs(parentPort!, async (job, report) => {
  if (job.kind !== 'roads') throw new Error(`a road build thread was given a ${job.kind} job`);
  return { kind: 'roads', value: await buildRoadData(job.input, report) };
});
