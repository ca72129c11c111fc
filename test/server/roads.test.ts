import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRoads } from '../../server/roads/base-map.js';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/config.js';
import { RoadMap } from '../../contract/roads.js';
import { makeApp } from './helpers.js';

const OSM = join(PROJECT_ROOT, 'data/osm/london-north-friern-barnet-highways-overpass-2026-07-26.osm');

describe('GET /api/roads (offline base map)', () => {
  it('serves the demo road graph as GeoJSON with classes, names and attribution, cut to a bbox', async () => {
    // The GeoJSON cache goes in the test's temp dir so the run leaves nothing behind.
    const t = await makeApp({ extra: (dir) => ({ roads: { osmFile: OSM, cacheFile: join(dir, 'cache', 'roads.geojson') } }) });
    try {
      const all = await t.inject({ url: '/api/roads' });
      expect(all.statusCode).toBe(200);
      // What the client parses it with: every feature, as the server sends it.
      const body = RoadMap.parse(all.json());
      expect(body.type).toBe('FeatureCollection');
      expect(body.attribution).toMatch(/OpenStreetMap contributors/);
      // ~1,600 drivable ways in the extract.
      expect(body.features.length).toBeGreaterThan(1000);
      expect(new Set(body.features.map((f: { properties: { highway: string } }) => f.properties.highway))).toContain('residential');
      expect(body.features.some((f: { properties: { name: string } }) => f.properties.name === 'Friern Barnet Road')).toBe(true);

      const cut = await t.inject({ url: '/api/roads?bbox=-0.145,51.610,-0.135,51.615' });
      expect(cut.statusCode).toBe(200);
      expect(RoadMap.parse(cut.json()).bbox).toEqual([-0.145, 51.61, -0.135, 51.615]);
      expect(cut.json().features.length).toBeGreaterThan(0);
      expect(cut.json().features.length).toBeLessThan(body.features.length);

      const bad = await t.inject({ url: '/api/roads?bbox=1,2,3' });
      expect(bad.statusCode).toBe(400);
      expect(bad.headers['content-type']).toContain('application/problem+json');
    } finally {
      await t.close();
    }
  });

  it('says 404 when no road data is configured', async () => {
    const t = await makeApp();
    try {
      const res = await t.inject({ url: '/api/roads' });
      expect(res.statusCode).toBe(404);
    } finally {
      await t.close();
    }
  });

  it('caches the GeoJSON and rebuilds it when the cache is not from this OSM file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rounds-roads-'));
    try {
      const cache = join(dir, 'roads.geojson');
      const first = await loadRoads(OSM, cache);
      expect(JSON.parse(readFileSync(cache, 'utf8')).source.file).toBe(OSM);
      // A cache written for another file must not be served.
      writeFileSync(cache, JSON.stringify({ ...first, features: [], source: { ...first.source, size: 1 } }));
      const rebuilt = await loadRoads(OSM, cache);
      expect(rebuilt.features.length).toBe(first.features.length);
      expect((await loadRoads(OSM, cache)).features.length).toBe(first.features.length);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
