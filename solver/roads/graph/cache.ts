/**
 * Binary graph cache: "RNDSGRPH", a u32 JSON header length, the JSON header (format version, source
 * file hash, counts, way names), then the typed arrays 8-byte aligned in a fixed order. Written to a
 * temporary file in the same folder and renamed, so a crash never leaves a half-written cache.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { GRAPH_FORMAT_VERSION, type GraphMeta, type RoadGraph, type WayInfo } from './road-graph.js';

const MAGIC = 'RNDSGRPH';

type ArrayKey =
  | 'physical'
  | 'lon'
  | 'lat'
  | 'firstOut'
  | 'arcHead'
  | 'arcTail'
  | 'arcDuration'
  | 'arcDistance'
  | 'arcWay'
  | 'arcSegment'
  | 'segA'
  | 'segB'
  | 'segArcFirst'
  | 'segArcs';

const LAYOUT: Array<[ArrayKey, 'u32' | 'f64']> = [
  ['physical', 'u32'],
  ['lon', 'f64'],
  ['lat', 'f64'],
  ['firstOut', 'u32'],
  ['arcHead', 'u32'],
  ['arcTail', 'u32'],
  ['arcDuration', 'f64'],
  ['arcDistance', 'f64'],
  ['arcWay', 'u32'],
  ['arcSegment', 'u32'],
  ['segA', 'u32'],
  ['segB', 'u32'],
  ['segArcFirst', 'u32'],
  ['segArcs', 'u32'],
];

interface Header {
  meta: GraphMeta;
  nodeCount: number;
  physicalCount: number;
  segmentCount: number;
  lengths: Record<string, number>;
  ways: WayInfo;
}

export class GraphCacheError extends Error {
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`graph cache ${file}: ${detail}`);
    this.name = 'GraphCacheError';
  }
}

export async function hashFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

const pad8 = (n: number) => (n + 7) & ~7;

export async function writeGraphCache(graph: RoadGraph, file: string): Promise<void> {
  const header: Header = {
    meta: graph.meta,
    nodeCount: graph.nodeCount,
    physicalCount: graph.physicalCount,
    segmentCount: graph.segmentCount,
    lengths: Object.fromEntries(LAYOUT.map(([k]) => [k, graph[k].length])),
    ways: graph.ways,
  };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const start = pad8(8 + 4 + json.length);
  let size = start;
  for (const [k] of LAYOUT) size += pad8(graph[k].byteLength);
  const out = Buffer.alloc(size);
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(json.length, 8);
  json.copy(out, 12);
  let pos = start;
  for (const [k] of LAYOUT) {
    const arr = graph[k];
    Buffer.from(arr.buffer, arr.byteOffset, arr.byteLength).copy(out, pos);
    pos += pad8(arr.byteLength);
  }
  await mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    await writeFile(tmp, out);
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

export async function readGraphCache(file: string): Promise<RoadGraph> {
  let buf: Buffer;
  try {
    buf = await readFile(file);
  } catch (e) {
    throw new GraphCacheError(file, (e as Error).message);
  }
  if (buf.length < 12 || buf.toString('latin1', 0, 8) !== MAGIC) {
    throw new GraphCacheError(file, 'not a Rounds graph (bad magic bytes); import it with npm run import-osm');
  }
  const jsonLen = buf.readUInt32LE(8);
  let header: Header;
  try {
    header = JSON.parse(buf.toString('utf8', 12, 12 + jsonLen)) as Header;
  } catch {
    throw new GraphCacheError(file, 'corrupt header');
  }
  if (header.meta?.version !== GRAPH_FORMAT_VERSION) {
    throw new GraphCacheError(file, `format version ${header.meta?.version} but this build reads ${GRAPH_FORMAT_VERSION}; re-import it`);
  }
  let pos = pad8(12 + jsonLen);
  const arrays: Partial<Record<ArrayKey, Uint32Array | Float64Array>> = {};
  for (const [k, type] of LAYOUT) {
    const len = header.lengths[k];
    const bytes = len * (type === 'u32' ? 4 : 8);
    if (!(len >= 0) || pos + bytes > buf.length) throw new GraphCacheError(file, `truncated at array ${k}`);
    // Copy into a fresh aligned buffer: Buffer offsets from readFile are not 8-byte aligned.
    const copy = new ArrayBuffer(bytes);
    new Uint8Array(copy).set(buf.subarray(pos, pos + bytes));
    arrays[k] = type === 'u32' ? new Uint32Array(copy) : new Float64Array(copy);
    pos += pad8(bytes);
  }
  return {
    nodeCount: header.nodeCount,
    physicalCount: header.physicalCount,
    segmentCount: header.segmentCount,
    ways: header.ways,
    meta: header.meta,
    ...(arrays as Pick<RoadGraph, ArrayKey>),
  };
}
