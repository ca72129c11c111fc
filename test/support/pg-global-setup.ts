/**
 * vitest globalSetup of the postgres project: the cluster its tests make their databases on.
 * ROUNDS_TEST_PG_URL (a superuser's URL) names one; else a throwaway cluster is started from
 * Debian's binaries (test/support/pg-cluster.ts) and stopped at the end. vite.config.ts leaves the
 * project out when neither is there (unless ROUNDS_TEST_REQUIRE_PG=1).
 */
import type { TestProject } from 'vitest/node';
import { pgBinDir, startCluster } from './pg-cluster.js';

export default async function setup(project: TestProject): Promise<(() => void) | undefined> {
  const given = process.env.ROUNDS_TEST_PG_URL;
  if (given) {
    project.provide('pgUrl', given);
    return undefined;
  }
  const bin = pgBinDir();
  if (!bin) throw new Error('no PostgreSQL for the postgres project: set ROUNDS_TEST_PG_URL or install postgresql');
  const cluster = await startCluster(bin);
  project.provide('pgUrl', cluster.url);
  return () => cluster.destroy();
}
