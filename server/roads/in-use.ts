/**
 * The record of the road data in use (`in-use.json` in the road data folder): which graph and base
 * map an admin's upload built, and where they came from. Replaced by a rename on every load, read
 * at start-up and by the processes that follow a load made elsewhere (follow.ts).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { RoutingConfig } from '../../solver/roads/index.js';

export const IN_USE_NAME = 'in-use.json';
/** The record's file in the road data folder `dir`. */
export const inUseFile = (dir: string): string => join(dir, IN_USE_NAME);

/** Which uploaded road data is in use: its files (names in the road data folder) and where it came from. */
export const RoadDataRecordSchema = z.object({
  graph: z.string().min(1),
  baseMap: z.string().min(1),
  source: z.string(),
  label: z.string().optional(),
  sourceDate: z.string().optional(),
  builtAt: z.string(),
  importedAt: z.string(),
  importedBy: z.string(),
  clip: z.enum(['bbox', 'boundary']).optional(),
});
export type RoadDataRecord = z.infer<typeof RoadDataRecordSchema>;

/** The record of the road data in use in `dir`, or undefined when none was ever loaded; a bad or dangling record is an error naming it. */
export async function readRoadDataInUse(dir: string): Promise<RoadDataRecord | undefined> {
  const file = inUseFile(dir);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  let parsed;
  try {
    parsed = RoadDataRecordSchema.safeParse(JSON.parse(text));
  } catch {
    throw new Error(`${file} is not JSON`);
  }
  if (!parsed.success) throw new Error(`${file} does not record road data (${parsed.error.issues[0].message})`);
  return parsed.data;
}

/** The routing configuration that plans on an uploaded graph, keeping the configured snapping distance. */
export function routingConfigFor(dir: string, record: Pick<RoadDataRecord, 'graph'>, configured: RoutingConfig): RoutingConfig {
  return { ...(configured.backend === 'embedded' ? configured : {}), backend: 'embedded', graphPath: join(dir, record.graph) };
}
