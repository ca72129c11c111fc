/**
 * The binary graph cache: a faithful round trip, written atomically (temp file then rename, no
 * leftovers even when the write fails), refusing truncated, foreign and outdated files by name,
 * and reused by the loader only while the OSM file is unchanged.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EmbeddedBackend } from '../../solver/roads/embedded.js';
import { GraphCacheError, readGraphCache, writeGraphCache } from '../../solver/roads/graph/cache.js';
import { defaultCachePath, loadGraph } from '../../solver/roads/graph/load-graph.js';
import { GRAPH_FORMAT_VERSION } from '../../solver/roads/graph/road-graph.js';
import { cityGraph, tempDir } from './helpers.js';

const dir = tempDir('cache');
const sharedCaches: string[] = [];
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  for (const f of sharedCaches) rmSync(f, { force: true });
});

const ARRAYS = [
  'physical',
  'lon',
  'lat',
  'firstOut',
  'arcHead',
  'arcTail',
  'arcDuration',
  'arcDistance',
  'arcWay',
  'arcSegment',
  'segA',
  'segB',
  'segArcFirst',
  'segArcs',
] as const;

describe('graph cache', () => {
  it('round-trips every array, the way names and the metadata; routes are unchanged', async () => {
    const g = await cityGraph();
    const file = join(dir, 'city.graph');
    await writeGraphCache(g, file);
    expect(readdirSync(dir)).toEqual(['city.graph']); // the temp file was renamed, not left
    const back = await readGraphCache(file);
    for (const k of ARRAYS) expect(Array.from(back[k]), k).toEqual(Array.from(g[k]));
    expect(back.ways).toEqual(g.ways);
    expect(back.meta).toEqual(g.meta);
    expect([back.nodeCount, back.physicalCount, back.segmentCount]).toEqual([g.nodeCount, g.physicalCount, g.segmentCount]);
    const points: Array<[number, number]> = [
      [-0.1042, 51.5176],
      [-0.0951, 51.5141],
    ];
    expect(new EmbeddedBackend(back).routeSync(points)).toEqual(new EmbeddedBackend(g).routeSync(points));
  });

  it('a failed write leaves neither the target nor a temp file', async () => {
    const g = await cityGraph();
    const sub = join(dir, 'failing');
    mkdirSync(join(sub, 'target.graph'), { recursive: true }); // a directory where the file should go
    await expect(writeGraphCache(g, join(sub, 'target.graph'))).rejects.toThrow();
    expect(readdirSync(sub)).toEqual(['target.graph']);
    expect(readdirSync(join(sub, 'target.graph'))).toEqual([]);
  });

  it('refuses truncated, foreign and outdated files, naming them', async () => {
    const good = readFileSync(join(dir, 'city.graph'));
    const truncated = join(dir, 'truncated.graph');
    writeFileSync(truncated, good.subarray(0, good.length >> 1));
    await expect(readGraphCache(truncated)).rejects.toThrow(GraphCacheError);
    await expect(readGraphCache(truncated)).rejects.toThrow(new RegExp(`^graph cache ${truncated}: truncated at array \\w+$`));

    const foreign = join(dir, 'foreign.graph');
    writeFileSync(foreign, 'PK\u0003\u0004 a zip file, say');
    await expect(readGraphCache(foreign)).rejects.toThrow(`graph cache ${foreign}: not a Rounds graph (bad magic bytes)`);

    const old = join(dir, 'old.graph');
    const text = good.toString('latin1');
    const header = `"version":${GRAPH_FORMAT_VERSION}`;
    expect(text.includes(header)).toBe(true);
    writeFileSync(old, Buffer.from(text.replace(header, `"version":${GRAPH_FORMAT_VERSION - 1}`), 'latin1'));
    await expect(readGraphCache(old)).rejects.toThrow(`format version ${GRAPH_FORMAT_VERSION - 1} but this build reads ${GRAPH_FORMAT_VERSION}`);

    await expect(readGraphCache(join(dir, 'missing.graph'))).rejects.toThrow(/graph cache .*missing\.graph: ENOENT/);
  });

  it("the loader reads a cache file directly, and rebuilds an OSM file's cache only when the file changes", async () => {
    expect((await loadGraph(join(dir, 'city.graph'))).meta.sourceFile).toBe('london-city-valhalla-2020-07-20.osm.pbf');
    const osm = join(dir, `rounds-roads-test-${process.pid}-tiny.osm`);
    const xml = (name: string) =>
      `<osm version="0.6"><node id="1" lat="51.5" lon="-0.1"/><node id="2" lat="51.501" lon="-0.1"/>` +
      `<way id="1"><nd ref="1"/><nd ref="2"/><tag k="highway" v="residential"/><tag k="name" v="${name}"/></way></osm>`;
    writeFileSync(osm, xml('First Street'));
    const cache = defaultCachePath(osm);
    sharedCaches.push(cache);
    const first = await loadGraph(osm);
    expect(existsSync(cache)).toBe(true);
    expect((await loadGraph(osm)).meta.builtAt).toBe(first.meta.builtAt); // reused
    writeFileSync(osm, xml('Second Street'));
    const second = await loadGraph(osm);
    expect(second.ways.name).toEqual(['Second Street']);
    expect(second.meta.sourceHash).not.toBe(first.meta.sourceHash);
    // An unreadable cache is rebuilt, not fatal.
    copyFileSync(join(dir, 'truncated.graph'), cache);
    expect((await loadGraph(osm)).ways.name).toEqual(['Second Street']);
  });
});
