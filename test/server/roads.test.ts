import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkedRoadMap, loadRoads } from '../../server/roads/base-map.js';
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
      // The cache's record of its OSM file (a path on the server) stays on the server.
      expect(all.json().source).toBeUndefined();
      expect(body.type).toBe('FeatureCollection');
      expect(body.attribution).toMatch(/OpenStreetMap contributors/);
      // ~1,600 drivable ways in the extract.
      expect(body.features.length).toBeGreaterThan(1000);
      expect(new Set(body.features.map((f: { properties: { highway: string } }) => f.properties.highway))).toContain('residential');
      expect(body.features.some((f: { properties: { name: string } }) => f.properties.name === 'Friern Barnet Road')).toBe(true);

      const cut = await t.inject({ url: '/api/roads?bbox=-0.145,51.610,-0.135,51.615' });
      expect(cut.statusCode).toBe(200);
      // The box is an officer's day: never kept by a shared cache.
      expect(cut.headers['cache-control']).toBe('private, max-age=3600');
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

  it('caches the GeoJSON and rebuilds it when the cache is not from this OSM file or does not fit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rounds-roads-'));
    try {
      const cache = join(dir, 'roads.geojson');
      const first = await loadRoads(OSM, cache);
      const written = JSON.parse(readFileSync(cache, 'utf8'));
      expect(written.source.file).toBe(OSM);
      // The cache's record of its OSM file (a path on the server) stays in the cache.
      expect('source' in first).toBe(false);
      // A cache written for another file must not be served.
      writeFileSync(cache, JSON.stringify({ ...written, features: [], source: { ...written.source, size: 1 } }));
      const rebuilt = await loadRoads(OSM, cache);
      expect(rebuilt.features.length).toBe(first.features.length);
      expect((await loadRoads(OSM, cache)).features.length).toBe(first.features.length);
      // Nor one of this file that no longer fits the contract (damaged, or by a version before it): built again.
      writeFileSync(cache, JSON.stringify({ ...written, bbox: 'whole area' }));
      expect((await loadRoads(OSM, cache)).features.length).toBe(first.features.length);
      expect(JSON.parse(readFileSync(cache, 'utf8')).bbox).toEqual(first.bbox);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("keeps an edited extract's overlong way and name within OSM's limits instead of failing the map", async () => {
    // A way of 2,500 nodes and a name of 300 characters (an emoji among them): OSM's API refuses
    // both, but a council's hand-edited file may hold them, and the map must still be served.
    const dir = mkdtempSync(join(tmpdir(), 'rounds-roads-'));
    try {
      const nodes = Array.from({ length: 2500 }, (_, i) => `<node id="${i + 1}" lat="${(51.6 + i * 1e-5).toFixed(5)}" lon="-0.14"/>`);
      const refs = Array.from({ length: 2500 }, (_, i) => `<nd ref="${i + 1}"/>`);
      const name = '\u{1F697}' + 'x'.repeat(299);
      const osm = join(dir, 'edited.osm');
      writeFileSync(
        osm,
        `<?xml version="1.0" encoding="UTF-8"?>\n<osm version="0.6">${nodes.join('')}<way id="1">${refs.join('')}<tag k="highway" v="residential"/><tag k="name" v="${name}"/></way></osm>`,
      );
      const map = RoadMap.parse(await loadRoads(osm, join(dir, 'roads.geojson')));
      // 2,500 points as pieces of at most 2,000 sharing their ends: points 1-2,000, then 2,000-2,500.
      expect(map.features.map((f) => f.geometry.coordinates.length)).toEqual([2000, 501]);
      expect(map.features[1].geometry.coordinates[0]).toEqual(map.features[0].geometry.coordinates[1999]);
      // Cut to 255 characters: the emoji (two UTF-16 units) and 254 x.
      expect(Array.from(map.features[0].properties.name)).toHaveLength(255);
      expect(map.features[0].properties.name.startsWith('\u{1F697}x')).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("checks a stored base map once: an earlier version's overlong line is cut, another shape names the file", () => {
    const line = Array.from({ length: 2500 }, (_, i) => [-0.14, 51.6 + i * 1e-5] as [number, number]);
    const stored = {
      type: 'FeatureCollection' as const,
      features: [
        {
          type: 'Feature' as const,
          properties: { highway: 'residential', name: 'y'.repeat(300) },
          geometry: { type: 'LineString' as const, coordinates: line },
        },
      ],
      bbox: [-0.14, 51.6, -0.14, 51.625] as [number, number, number, number],
      attribution: '© OpenStreetMap contributors',
      source: { file: '/srv/rounds/area.osm.pbf', size: 1, mtimeMs: 1 },
    };
    const map = checkedRoadMap(stored, 'roads.geojson');
    expect(map.features.map((f) => f.geometry.coordinates.length)).toEqual([2000, 501]);
    expect(map.features[0].properties.name).toBe('y'.repeat(255));
    expect('source' in map).toBe(false);
    const damaged = {
      ...stored,
      features: [{ ...stored.features[0], geometry: { type: 'LineString' as const, coordinates: [[-0.14], [-0.14, 51.6]] as Array<[number, number]> } }],
    };
    expect(() => checkedRoadMap(damaged, 'roads.geojson')).toThrow(
      /the base map roads\.geojson does not fit the API's shape at features\.0\.geometry\.coordinates\.0/,
    );
  });
});
