/**
 * Streams an OSM XML or PBF file and keeps what a car graph needs: node coordinates, drivable ways
 * and turn-restriction relations. The format is sniffed from the content, not the extension, so a
 * council's download works whatever it is called. Every failure names the file and what failed.
 */
import { createReadStream, type ReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import sax from 'sax';
import { BlobDecompressor, BlobParser, PrimitivesParser } from 'osm-pbf-parser';
import { isDrivable, type Tags } from './car-profile.js';

export interface RawWay {
  id: number;
  refs: number[];
  tags: Tags;
}

export interface RawRestriction {
  id: number;
  /** restriction value, e.g. no_left_turn, only_straight_on */
  restriction: string;
  from: number[];
  to: number[];
  viaNodes: number[];
  viaWays: number[];
}

export interface RawOsm {
  nodeIndex: Map<number, number>;
  nodeLon: number[];
  nodeLat: number[];
  signalNodes: Set<number>;
  ways: RawWay[];
  restrictions: RawRestriction[];
  /** When the data was taken from OpenStreetMap (ISO 8601), as the file says: a PBF's replication timestamp, an XML file's osm_base or timestamp. */
  dataTimestamp?: string;
}

export interface ReadOsmOptions {
  /** Keeps only the nodes for which it is true (clipping to an area); ways are cut where their nodes are missing. */
  keep?: (lon: number, lat: number) => boolean;
  /** Share of the file read so far, 0 to 1, called as the file streams in. */
  onProgress?: (fraction: number) => void;
}

export class OsmReadError extends Error {
  constructor(
    readonly file: string,
    /** What went wrong, without the file's path (an upload names its file its own way). */
    readonly detail: string,
  ) {
    super(`cannot read OSM file ${file}: ${detail}`);
    this.name = 'OsmReadError';
  }
}

function emptyRaw(): RawOsm {
  return { nodeIndex: new Map(), nodeLon: [], nodeLat: [], signalNodes: new Set(), ways: [], restrictions: [] };
}

/** Reports the share of the file read as it streams, at most every 1% (a progress bar needs no more). */
function reportReading(stream: ReadStream, size: number, onProgress: ReadOsmOptions['onProgress']): void {
  if (!onProgress || size <= 0) return;
  let read = 0;
  let reported = 0;
  stream.on('data', (chunk) => {
    read += chunk.length;
    if (read / size - reported >= 0.01) {
      reported = read / size;
      onProgress(Math.min(1, reported));
    }
  });
}

/** An ISO 8601 instant from the file's own words, or undefined when it says nothing usable. */
function isoOrUndefined(value: string | number | undefined): string | undefined {
  if (value === undefined || value === '' || value === 0) return undefined;
  const ms = typeof value === 'number' ? value * 1000 : Date.parse(value);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}

function addNode(raw: RawOsm, id: number, lon: number, lat: number, tags: Tags | undefined, keep: ReadOsmOptions['keep']): void {
  if (!Number.isFinite(lon) || !Number.isFinite(lat)) return;
  if (keep && !keep(lon, lat)) return;
  raw.nodeIndex.set(id, raw.nodeLon.length);
  raw.nodeLon.push(lon);
  raw.nodeLat.push(lat);
  if (tags && tags.highway === 'traffic_signals') raw.signalNodes.add(id);
}

/** Nodes come before ways in OSM files: when clipping, a way none of whose nodes was kept lies outside and is not kept either. */
function addWay(raw: RawOsm, id: number, refs: number[], tags: Tags, clipping: boolean): void {
  if (refs.length < 2 || !isDrivable(tags)) return;
  if (clipping && !refs.some((r) => raw.nodeIndex.has(r))) return;
  raw.ways.push({ id, refs, tags });
}

function addRelation(raw: RawOsm, id: number, tags: Tags, members: Array<{ type: string; ref: number; role: string }>): void {
  if (tags.type !== 'restriction' && tags.type !== 'restriction:motorcar') return;
  const restriction = tags['restriction:motorcar'] ?? tags.restriction;
  if (!restriction) return;
  const except = (tags.except ?? '').split(';').map((s) => s.trim());
  if (except.includes('motorcar') || except.includes('motor_vehicle')) return;
  const r: RawRestriction = { id, restriction, from: [], to: [], viaNodes: [], viaWays: [] };
  for (const m of members) {
    if (m.role === 'from' && m.type === 'way') r.from.push(m.ref);
    else if (m.role === 'to' && m.type === 'way') r.to.push(m.ref);
    else if (m.role === 'via' && m.type === 'node') r.viaNodes.push(m.ref);
    else if (m.role === 'via' && m.type === 'way') r.viaWays.push(m.ref);
  }
  raw.restrictions.push(r);
}

type Format = 'xml' | 'pbf';

async function sniffFormat(file: string): Promise<Format> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (e) {
    throw new OsmReadError(file, (e as Error).message);
  }
  try {
    const buf = Buffer.alloc(64);
    const { bytesRead } = await handle.read(buf, 0, 64, 0);
    if (bytesRead === 0) throw new OsmReadError(file, 'the file is empty');
    const head = buf.subarray(0, bytesRead);
    if (head.includes(Buffer.from('OSMHeader'))) return 'pbf';
    const text = head
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .trimStart();
    if (text.startsWith('<')) return 'xml';
    throw new OsmReadError(file, 'neither OSM XML nor OSM PBF (unrecognised first bytes)');
  } finally {
    await handle.close();
  }
}

function readXml(file: string, size: number, options: ReadOsmOptions): Promise<RawOsm> {
  const raw = emptyRaw();
  return new Promise((resolve, reject) => {
    const parser = sax.createStream(true, { trim: false });
    let kind: 'node' | 'way' | 'relation' | null = null;
    let id = 0;
    let lon = NaN;
    let lat = NaN;
    let tags: Tags = {};
    let refs: number[] = [];
    let members: Array<{ type: string; ref: number; role: string }> = [];
    let sawOsmRoot = false;
    let closedOsmRoot = false;
    let failed = false;
    const fail = (detail: string) => {
      if (failed) return;
      failed = true;
      stream.destroy();
      reject(new OsmReadError(file, detail));
    };
    parser.on('opentag', (node) => {
      const a = node.attributes as Record<string, string>;
      switch (node.name) {
        case 'osm':
          sawOsmRoot = true;
          raw.dataTimestamp ??= isoOrUndefined(a.timestamp);
          break;
        case 'meta':
          raw.dataTimestamp ??= isoOrUndefined(a.osm_base);
          break;
        case 'node':
          kind = 'node';
          id = Number(a.id);
          lon = Number(a.lon);
          lat = Number(a.lat);
          tags = {};
          break;
        case 'way':
          kind = 'way';
          id = Number(a.id);
          tags = {};
          refs = [];
          break;
        case 'relation':
          kind = 'relation';
          id = Number(a.id);
          tags = {};
          members = [];
          break;
        case 'tag':
          if (kind && a.k !== undefined) tags[a.k] = a.v ?? '';
          break;
        case 'nd':
          if (kind === 'way') refs.push(Number(a.ref));
          break;
        case 'member':
          if (kind === 'relation') members.push({ type: a.type, ref: Number(a.ref), role: a.role ?? '' });
          break;
      }
    });
    parser.on('closetag', (name) => {
      if (name === 'node' && kind === 'node') {
        addNode(raw, id, lon, lat, tags, options.keep);
        kind = null;
      } else if (name === 'way' && kind === 'way') {
        addWay(raw, id, refs, tags, options.keep !== undefined);
        kind = null;
      } else if (name === 'relation' && kind === 'relation') {
        addRelation(raw, id, tags, members);
        kind = null;
      } else if (name === 'osm') {
        closedOsmRoot = true;
      }
    });
    parser.on('error', (e) => {
      const what = e.message.split('\n')[0];
      // sax's word for a file that stops mid-document: say what it most likely means.
      if (what === 'Unclosed root tag') fail(`the file ends before </osm>, at line ${parser._parser.line + 1} (truncated?)`);
      else fail(`XML parse error at line ${parser._parser.line + 1}: ${what}`);
    });
    parser.on('end', () => {
      if (failed) return;
      if (!sawOsmRoot) return fail('no <osm> root element');
      if (!closedOsmRoot) return fail('the file ends before </osm> (truncated?)');
      resolve(raw);
    });
    const stream = createReadStream(file);
    reportReading(stream, size, options.onProgress);
    stream.on('error', (e) => fail(e.message));
    stream.pipe(parser);
  });
}

interface PbfItem {
  type: 'node' | 'way' | 'relation';
  id: number;
  lat?: number;
  lon?: number;
  tags?: Tags;
  refs?: number[];
  members?: Array<{ type: string; id: number; role: string }>;
}

function readPbf(file: string, size: number, options: ReadOsmOptions): Promise<RawOsm> {
  const raw = emptyRaw();
  return new Promise((resolve, reject) => {
    let failed = false;
    let blocks = 0;
    // The decoder's three stages by hand (its default export chains them): the last one holds the
    // file's header, and with it the date of the data.
    const blobs = new BlobParser();
    const decompress = new BlobDecompressor();
    const parser = new PrimitivesParser();
    const stream = createReadStream(file);
    const fail = (detail: string) => {
      if (failed) return;
      failed = true;
      stream.destroy();
      reject(new OsmReadError(file, detail));
    };
    parser.on('data', (items: PbfItem[]) => {
      blocks++;
      raw.dataTimestamp ??= isoOrUndefined(parser._osmheader?.osmosis_replication_timestamp);
      for (const it of items) {
        if (it.type === 'node') addNode(raw, it.id, it.lon as number, it.lat as number, it.tags, options.keep);
        else if (it.type === 'way') addWay(raw, it.id, it.refs ?? [], it.tags ?? {}, options.keep !== undefined);
        else if (it.type === 'relation') {
          addRelation(
            raw,
            it.id,
            it.tags ?? {},
            (it.members ?? []).map((m) => ({ type: m.type, ref: m.id, role: m.role })),
          );
        }
      }
    });
    for (const stage of [blobs, decompress, parser]) stage.on('error', (e: Error) => fail(`PBF decode error: ${e.message}`));
    parser.on('end', () => {
      if (failed) return;
      if (blocks === 0) return fail('no OSM data blocks decoded (truncated or not a PBF?)');
      resolve(raw);
    });
    reportReading(stream, size, options.onProgress);
    stream.on('error', (e) => fail(e.message));
    stream.pipe(blobs).pipe(decompress).pipe(parser);
  });
}

/**
 * The PBF decoder stops quietly at a cut-off blob, so walk the file's framing first
 * (4-byte length, BlobHeader with its datasize field) and refuse a file whose last blob is short.
 */
async function checkPbfFraming(file: string): Promise<void> {
  const handle = await open(file, 'r');
  try {
    const size = (await handle.stat()).size;
    let pos = 0;
    let blob = 0;
    const lenBuf = Buffer.alloc(4);
    while (pos < size) {
      if (pos + 4 > size) throw new OsmReadError(file, `truncated PBF: blob ${blob} header length cut off at byte ${pos}`);
      await handle.read(lenBuf, 0, 4, pos);
      const headerLen = lenBuf.readUInt32BE(0);
      if (headerLen === 0 || headerLen > 64 * 1024) throw new OsmReadError(file, `corrupt PBF: blob ${blob} has a header of ${headerLen} bytes at byte ${pos}`);
      if (pos + 4 + headerLen > size) throw new OsmReadError(file, `truncated PBF: blob ${blob} header cut off at byte ${pos}`);
      const header = Buffer.alloc(headerLen);
      await handle.read(header, 0, headerLen, pos + 4);
      const dataSize = blobHeaderDataSize(header);
      if (dataSize === null) throw new OsmReadError(file, `corrupt PBF: blob ${blob} header at byte ${pos} has no datasize`);
      pos += 4 + headerLen + dataSize;
      if (pos > size) throw new OsmReadError(file, `truncated PBF: blob ${blob} needs ${pos - size} more bytes than the file has`);
      blob++;
    }
  } finally {
    await handle.close();
  }
}

/** Field 3 (datasize, varint) of an OSM BlobHeader; fields 1 and 2 are length-delimited. */
function blobHeaderDataSize(buf: Buffer): number | null {
  let i = 0;
  const varint = (): number => {
    let result = 0;
    let shift = 0;
    for (;;) {
      if (i >= buf.length) return -1;
      const b = buf[i++];
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
      shift += 7;
    }
  };
  while (i < buf.length) {
    const key = varint();
    if (key < 0) return null;
    const field = key >>> 3;
    const wire = key & 7;
    if (wire === 0) {
      const v = varint();
      if (v < 0) return null;
      if (field === 3) return v;
    } else if (wire === 2) {
      const len = varint();
      if (len < 0) return null;
      i += len;
    } else {
      return null;
    }
  }
  return null;
}

export async function readOsmFile(file: string, options: ReadOsmOptions = {}): Promise<RawOsm> {
  const format = await sniffFormat(file);
  if (format === 'pbf') await checkPbfFraming(file);
  const { size } = await stat(file);
  const raw = format === 'xml' ? await readXml(file, size, options) : await readPbf(file, size, options);
  if (raw.ways.length === 0)
    throw new OsmReadError(file, options.keep ? 'no drivable highway ways inside the clipping area' : 'no drivable highway ways found');
  return raw;
}
