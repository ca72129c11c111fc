import { DateTime } from 'luxon';
import type { PostcodeIndex } from '../postcodes/index.js';
import { readCaseCsv } from '../import/case-csv.js';
import { recordTag } from '../store/record-tag.js';
import type { Store } from '../store/store.js';
import { casesToCsv } from './csv.js';
import { generateDemo, type DemoOptions } from './generate.js';
import { demoRoadFilter } from './road-filter.js';

export function todayInLondon(): string {
  return DateTime.now().setZone('Europe/London').toISODate()!;
}

/**
 * Loads the demo into a store: the cases go through the real CSV import (postcode lookup and all),
 * then the officers and the crew. Idempotent: a second run updates the same refs.
 */
export async function seedDemo(
  store: Store,
  postcodes: PostcodeIndex,
  options: Partial<DemoOptions> = {},
): Promise<{ imported: number; updated: number; officers: number }> {
  const demo = generateDemo(postcodes, { seedDate: options.seedDate ?? todayInLondon(), seed: options.seed, cases: options.cases }, await demoRoadFilter());
  const result = await readCaseCsv(casesToCsv(demo.cases), postcodes);
  if (!result.ok) throw new Error(`the demo generator wrote an invalid file: ${JSON.stringify(result.errors.slice(0, 3))}`);
  const counts = await store.upsertCases(result.cases, 'demo-seed');
  const existing = new Set((await store.listOfficers()).map((o) => o.id));
  for (const o of demo.officers) await store.saveOfficer(o, 'demo-seed', existing.has(o.id));
  // Idempotent: a crew seeded before is replaced on the version there now.
  const crews = new Map((await store.listCrews()).map((c) => [c.id, c]));
  for (const c of demo.crews) {
    const before = crews.get(c.id);
    await store.saveCrew(c, 'demo-seed', before ? recordTag(before) : undefined);
  }
  return { ...counts, officers: demo.officers.length };
}
