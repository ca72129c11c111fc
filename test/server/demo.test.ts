import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/config.js';
import { readCaseCsv } from '../../server/import/case-csv.js';
import { casesToCsv } from '../../server/demo/csv.js';
import { DEMO_AREA, generateDemo } from '../../server/demo/generate.js';
import { demoRoadFilter } from '../../server/demo/road-filter.js';
import { SegmentSnapper } from '../../solver/roads/snap.js';
import { DEMO_OSM, loadGraph } from '../../solver/roads/graph/load-graph.js';
import { realPostcodes } from './helpers.js';

const onRoad = await demoRoadFilter();

describe('demo generator', () => {
  const options = { seedDate: '2026-03-02', seed: 7 };
  const demo = generateDemo(realPostcodes(), options, onRoad);

  it('is deterministic for a seed and a date', () => {
    expect(generateDemo(realPostcodes(), options, onRoad)).toEqual(demo);
    expect(generateDemo(realPostcodes(), { ...options, seed: 8 }, onRoad).cases[0]).not.toEqual(demo.cases[0]);
  });

  it('has the shape of a real caseload', () => {
    const { cases } = demo;
    expect(cases).toHaveLength(1500);
    expect(new Set(cases.map((c) => c.ref)).size).toBe(1500);
    for (const c of cases) {
      expect(c.lon).toBeGreaterThan(DEMO_AREA.minLon);
      expect(c.lon).toBeLessThan(DEMO_AREA.maxLon);
      expect(c.lat).toBeGreaterThan(DEMO_AREA.minLat);
      expect(c.lat).toBeLessThan(DEMO_AREA.maxLat);
      expect(realPostcodes().get(c.postcode)).toBeDefined();
      expect(c.balance).toBeGreaterThanOrEqual(150);
      expect(c.balance).toBeLessThanOrEqual(8000);
    }
    const balances = cases.map((c) => c.balance).sort((a, b) => a - b);
    const median = balances[750];
    expect(median).toBeGreaterThan(500);
    expect(median).toBeLessThan(720);
    // Right-skewed: the mean sits above the median.
    expect(balances.reduce((s, b) => s + b, 0) / 1500).toBeGreaterThan(median);
    expect(new Set(cases.map((c) => c.debtType))).toEqual(new Set(['council_tax', 'nndr', 'bid', 'hbop']));
    const share = (f: (c: (typeof cases)[number]) => boolean) => cases.filter(f).length / cases.length;
    expect(share((c) => c.premises === 'business')).toBeGreaterThan(0.03);
    expect(share((c) => c.premises === 'business')).toBeLessThan(0.08);
    expect(share((c) => c.vulnerable)).toBeGreaterThan(0.015);
    expect(share((c) => c.vulnerable)).toBeLessThan(0.05);
    expect(share((c) => c.warning)).toBeGreaterThan(0.02);
    expect(share((c) => c.warning)).toBeLessThan(0.07);
    expect(share((c) => c.previousAttempts.length > 0)).toBeGreaterThan(0.25);
    expect(share((c) => c.previousAttempts.length > 0)).toBeLessThan(0.4);
    expect(cases.filter((c) => c.premises === 'business').every((c) => c.tradingHours)).toBe(true);
    // Notices over the 14 months before the seed date: some past the 12-month limit, some too recent.
    expect(cases.some((c) => c.noticeDate < '2025-03-02')).toBe(true);
    expect(cases.some((c) => c.noticeDate > '2026-02-23')).toBe(true);
    const perDebtor = new Map<string, number>();
    for (const c of cases) perDebtor.set(c.debtorRef, (perDebtor.get(c.debtorRef) ?? 0) + 1);
    expect([...perDebtor.values()].filter((n) => n >= 2).length).toBeGreaterThan(30);
  });

  it('puts every case within a short walk of a road of the demo graph', async () => {
    const snapper = new SegmentSnapper(await loadGraph(DEMO_OSM));
    for (const c of demo.cases) expect(snapper.nearest(c.lon, c.lat, 150), c.postcode).not.toBeNull();
  });

  it('six officers, two of them a crew', () => {
    expect(demo.officers).toHaveLength(6);
    expect(demo.crews).toHaveLength(1);
    const ids = new Set(demo.officers.map((o) => o.id));
    for (const id of demo.crews[0].officerIds) expect(ids.has(id)).toBe(true);
  });

  it('still writes the committed sample file byte for byte (same numbers on every machine)', () => {
    const committed = readFileSync(join(PROJECT_ROOT, 'data/demo/demo-cases-2026-03-03.csv'), 'utf8');
    expect(casesToCsv(generateDemo(realPostcodes(), { seedDate: '2026-03-03' }, onRoad).cases)).toBe(committed);
  });

  it('goes through the real import unchanged', async () => {
    const result = await readCaseCsv(casesToCsv(demo.cases), realPostcodes());
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.cases).toEqual(demo.cases);
  });
});
