/**
 * The road data the server plans on, and changing it from the app. An admin's upload is streamed
 * to a temporary file, built in a thread of its own (a road build job), written beside the data in
 * use, and only then switched to: the record of the data in use (`in-use.json`) is replaced by a
 * rename, the server's own backend (route geometry) is replaced, and the planning threads are
 * recycled onto the new graph. A failed build replaces nothing. At start-up main.ts reads the record
 * before falling back to ROUNDS_OSM, so the data in use survives a restart; another instance on the
 * same folder switches too, within FOLLOW_EVERY_MS (follow()).
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyBaseLogger } from 'fastify';
import type { RoutingBackend } from '../../solver/roads/backend.js';
import { EmbeddedBackend } from '../../solver/roads/embedded.js';
import type { BoundaryCoordinates, Clip } from '../../solver/roads/extract.js';
import { readGraphCache } from '../../solver/roads/graph/cache.js';
import type { RoutingConfig } from '../../solver/roads/index.js';
import type { Limits } from '../config.js';
import { ProblemError } from '../errors.js';
import type { RoadBuildResult } from '../jobs/protocol.js';
import type { Job, JobRunner } from '../jobs/runner.js';
import type { Store } from '../store/store.js';
import { checkedRoadMap, loadRoads, writeJsonAtomically, type RoadCollection } from './base-map.js';
import type { RoadMap } from '../../contract/roads.js';
import { RoadDataFollower } from './follow.js';
import { IN_USE_NAME, inUseFile, routingConfigFor, type RoadDataRecord } from './in-use.js';

const BOUNDARY = 'boundary.json';
/** How often an instance looks for road data another instance loaded (one stat of the record). */
export const FOLLOW_EVERY_MS = 2000;
const INCOMING = 'incoming';

/** GET /api/roads/area: the road data in use, or only the backend's name when it knows no area (OSRM, straight lines). */
export interface RoadAreaView {
  routing: RoutingBackend['name'];
  estimate: boolean;
  source?: string;
  label?: string;
  sourceDate?: string;
  builtAt?: string;
  importedAt?: string;
  importedBy?: string;
  clip?: 'bbox' | 'boundary';
  bbox?: [number, number, number, number];
  outline?: { type: 'Polygon'; coordinates: Array<Array<[number, number]>> };
  nodes?: number;
  roadKm?: number;
}

/** What a finished road build answers (the job's result). */
export interface RoadBuildSummary {
  source: string;
  label: string;
  sourceDate?: string;
  builtAt: string;
  nodes: number;
  roadKm: number;
  seconds: number;
}

export interface RoadDataOptions {
  /** Where uploaded road data is kept; without it uploads are refused. */
  dir?: string;
  /** The record of the uploaded data the server starts on (main.ts read it), if any. */
  inUse?: RoadDataRecord;
  backend: RoutingBackend;
  config: RoutingConfig;
  /** The configured OSM file's base map, drawn while no uploaded data is in use. */
  osmFile?: string;
  cacheFile?: string;
  jobs: JobRunner;
  store: Store;
  log: FastifyBaseLogger;
  limits: Limits;
}

export interface Upload {
  /** The upload on disk, under a temporary name. */
  file: string;
  /** Its name as the admin chose it. */
  name: string;
  label?: string;
  clip?: Clip;
}

class UploadTooLargeError extends Error {}
class UploadAbortedError extends Error {}

export class RoadData {
  private backend: RoutingBackend;
  private config: RoutingConfig;
  private record?: RoadDataRecord;
  private baseMapLoad?: Promise<RoadMap>;
  /** An upload arriving or being built: one at a time. */
  private busy?: { job?: Job };
  private readonly follower?: RoadDataFollower;

  constructor(private readonly options: RoadDataOptions) {
    this.backend = options.backend;
    this.config = options.config;
    this.record = options.inUse;
    if (options.dir) this.follower = new RoadDataFollower(options.dir, options.config, () => this.config);
  }

  /**
   * Road data another instance loaded into the same folder: this one switches to it too (its route
   * geometry, base map, area and planning threads). Not during a load of its own, which switches
   * by itself. True when it switched.
   */
  async follow(): Promise<boolean> {
    if (!this.follower || this.busy) return false;
    const next = await this.follower.changed();
    if (!next || this.busy) return false;
    this.use(await embeddedOn(next.config), next.config, next.record);
    this.options.log.info({ source: next.record.source, builtAt: next.record.builtAt }, 'road data switched (loaded by another instance)');
    return true;
  }

  /** From now on: the server's backend, its base map and its planning threads on this road data. */
  private use(backend: RoutingBackend, config: RoutingConfig, record: RoadDataRecord): void {
    this.backend = backend;
    this.config = config;
    this.record = record;
    this.baseMapLoad = undefined;
    this.options.jobs.setRoutingConfig(config);
  }

  /** The server's own backend (route geometry), on the road data in use. */
  get routing(): RoutingBackend {
    return this.backend;
  }

  /** What the planning threads build their backend from. */
  get routingConfig(): RoutingConfig {
    return this.config;
  }

  /** Refuses an upload this server cannot use, or one while another is arriving or being built. */
  reserve(): () => void {
    if (this.options.config.backend === 'osrm') {
      throw new ProblemError(
        409,
        'Road data is served by OSRM',
        'this server routes with an OSRM server (ROUNDS_ROUTING=osrm): load the extract into that server',
      );
    }
    if (!this.options.dir) throw new ProblemError(409, 'No road data folder', 'this server keeps no road data of its own (no road data folder is configured)');
    if (this.busy) {
      const job = this.busy.job;
      throw new ProblemError(
        409,
        'A road extract is being loaded',
        job ? `road build ${job.id} is running: follow it at /api/jobs/${job.id}/events, or cancel it` : 'another upload is arriving: wait for it',
        undefined,
        job ? { jobId: job.id } : {},
      );
    }
    const busy = {};
    this.busy = busy;
    return () => {
      if (this.busy === busy) this.busy = undefined;
    };
  }

  /** Streams an upload to a temporary file in the road data folder, counting its bytes: over `maxBytes` is a 413, a cut-off upload a 400. */
  async receive(body: Readable, maxBytes: number): Promise<string> {
    const dir = join(this.options.dir!, INCOMING);
    await mkdir(dir, { recursive: true });
    const file = join(dir, `${randomUUID()}.upload`);
    let bytes = 0;
    const count = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        done(bytes > maxBytes ? new UploadTooLargeError() : null, chunk);
      },
    });
    // The request is piped, not part of the pipeline: a pipeline would destroy it with the error, and
    // the caller would get no answer. Left unread, the 413 is sent and the connection closed (as
    // Fastify's own body limit does).
    const aborted = () => {
      if (!body.readableEnded) count.destroy(new UploadAbortedError());
    };
    body.once('error', aborted);
    body.once('close', aborted);
    body.pipe(count);
    try {
      await pipeline(count, createWriteStream(file, { mode: 0o600 }));
    } catch (err) {
      body.unpipe(count);
      await rm(file, { force: true });
      if (err instanceof UploadTooLargeError) throw extractTooLarge(maxBytes);
      if ((err as NodeJS.ErrnoException).code === 'ENOSPC')
        throw new ProblemError(507, 'No room for the extract', 'the server has no room left to keep the upload');
      throw new ProblemError(400, 'Upload aborted', 'the upload ended before the end of the file; nothing was replaced');
    } finally {
      body.off('error', aborted);
      body.off('close', aborted);
    }
    if (bytes === 0) {
      await rm(file, { force: true });
      throw new ProblemError(400, 'Empty upload', 'send the OSM extract (.osm.pbf or .osm) as the request body');
    }
    return file;
  }

  /** Builds an upload in its own thread; once it is done the server plans on it. The upload is deleted whatever happens. */
  startBuild(upload: Upload, owner: string, release: () => void): Job<RoadBuildSummary> {
    const dir = this.options.dir!;
    const id = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}`;
    let job: Job<RoadBuildSummary>;
    try {
      job = this.options.jobs.startRoadBuild(
        { file: upload.file, name: upload.name, label: upload.label, clip: upload.clip, outDir: dir, id },
        (result) => this.switchTo(result, upload, owner),
        owner,
        this.options.limits.roadsBuildMemoryMb,
      );
    } catch (err) {
      release();
      void rm(upload.file, { force: true });
      throw err;
    }
    this.busy = { job };
    job.once('end', () => {
      release();
      this.busy = undefined;
      // A build that failed leaves its files behind, unless the switch to them got as far as the record.
      const inUse = this.record?.graph === `${id}.graph`;
      const leftovers = [upload.file, ...(job.status === 'done' || inUse ? [] : [join(dir, `${id}.graph`), join(dir, `${id}.roads.geojson`)])];
      void Promise.all(leftovers.map((f) => rm(f, { force: true })));
    });
    return job;
  }

  /** The built graph becomes the road data in use: recorded first (a rename), then the server and the planning threads switch. */
  private async switchTo(result: RoadBuildResult, upload: Upload, owner: string): Promise<RoadBuildSummary> {
    const dir = this.options.dir!;
    const config = routingConfigFor(dir, { graph: basename(result.graphFile) }, this.options.config);
    const backend = await embeddedOn(config);
    const record: RoadDataRecord = {
      graph: basename(result.graphFile),
      baseMap: basename(result.baseMapFile),
      source: result.source,
      ...(upload.label ? { label: upload.label } : {}),
      ...(result.sourceDate ? { sourceDate: result.sourceDate } : {}),
      builtAt: result.builtAt,
      importedAt: new Date().toISOString(),
      importedBy: owner,
      ...(upload.clip ? { clip: 'bbox' in upload.clip ? ('bbox' as const) : ('boundary' as const) } : {}),
    };
    await writeJsonAtomically(inUseFile(dir), record);
    const previous = this.record;
    const before = this.backend.coverage?.source ?? this.backend.name;
    this.use(backend, config, record);
    this.options.log.info({ source: record.source, nodes: result.nodes, seconds: result.seconds }, 'road data switched');
    await this.options.store.recordEvent(owner, 'load', 'road-data', record.source, {
      before,
      sourceDate: record.sourceDate ?? null,
      builtAt: record.builtAt,
      nodes: result.nodes,
      roadKm: result.roadKm,
      clip: record.clip ?? 'none',
    });
    await this.removeStale([record, ...(previous ? [previous] : [])]);
    return {
      source: record.source,
      label: backend.coverage.label,
      ...(record.sourceDate ? { sourceDate: record.sourceDate } : {}),
      builtAt: record.builtAt,
      nodes: result.nodes,
      roadKm: result.roadKm,
      seconds: result.seconds,
    };
  }

  /**
   * Deletes the graphs and base maps of road data no longer in use, but the one just replaced: a
   * planning thread still at work on it may yet be reading its graph.
   */
  private async removeStale(keep: RoadDataRecord[]): Promise<void> {
    const dir = this.options.dir!;
    const kept = new Set([IN_USE_NAME, BOUNDARY, INCOMING, ...keep.flatMap((r) => [r.graph, r.baseMap])]);
    const names = await readdir(dir).catch(() => [] as string[]);
    const stale = names.filter((n) => !kept.has(n) && (n.endsWith('.graph') || n.endsWith('.roads.geojson')));
    await Promise.all(stale.map((n) => rm(join(dir, n), { force: true })));
  }

  /** Uploads left by a server that stopped mid-upload or mid-build. */
  async removeIncoming(): Promise<void> {
    if (this.options.dir) await rm(join(this.options.dir, INCOMING), { recursive: true, force: true });
  }

  /** What GET /api/roads/area answers. */
  area(): RoadAreaView {
    const b = this.backend;
    const coverage = b.coverage;
    if (!coverage) return { routing: b.name, estimate: b.estimate };
    const r = this.record;
    return {
      routing: b.name,
      estimate: b.estimate,
      source: coverage.source,
      label: coverage.label,
      ...(coverage.sourceDate ? { sourceDate: coverage.sourceDate } : {}),
      builtAt: coverage.builtAt,
      ...(r ? { importedAt: r.importedAt, importedBy: r.importedBy, ...(r.clip ? { clip: r.clip } : {}) } : {}),
      bbox: coverage.area.bbox,
      outline: { type: 'Polygon', coordinates: [coverage.area.outline] },
      nodes: coverage.area.nodes,
      roadKm: coverage.area.roadKm,
    };
  }

  /** The base map's roads: the uploaded data's, else the configured OSM file's, else none. */
  baseMap(): Promise<RoadMap> | undefined {
    const { dir, osmFile, cacheFile } = this.options;
    if (this.record && dir) {
      const file = join(dir, this.record.baseMap);
      this.baseMapLoad ??= readFile(file, 'utf8').then((text) => checkedRoadMap(JSON.parse(text) as RoadCollection, file));
    } else if (osmFile && cacheFile) {
      this.baseMapLoad ??= loadRoads(osmFile, cacheFile);
    } else {
      return undefined;
    }
    const load = this.baseMapLoad;
    load.catch(() => {
      if (this.baseMapLoad === load) this.baseMapLoad = undefined;
    });
    return load;
  }

  /** The council's boundary stored for clipping, if any. */
  async boundary(): Promise<BoundaryCoordinates | undefined> {
    if (!this.options.dir) return undefined;
    try {
      return JSON.parse(await readFile(join(this.options.dir, BOUNDARY), 'utf8')) as BoundaryCoordinates;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  async setBoundary(boundary: BoundaryCoordinates): Promise<void> {
    if (!this.options.dir) throw new ProblemError(409, 'No road data folder', 'this server keeps no road data of its own (no road data folder is configured)');
    await writeJsonAtomically(join(this.options.dir, BOUNDARY), boundary);
  }
}

export function extractTooLarge(maxBytes: number): ProblemError {
  return new ProblemError(
    413,
    'Extract too large',
    `the extract is larger than ${maxBytes} bytes (ROUNDS_ROADS_MAX_BYTES): cut it to your area first (osmium extract, or a borough file)`,
    undefined,
    { maxBytes },
  );
}

/** The server's own backend on an uploaded graph. */
async function embeddedOn(config: RoutingConfig): Promise<EmbeddedBackend> {
  return new EmbeddedBackend(await readGraphCache(config.graphPath!), { maxSnapMetres: config.maxSnapMetres });
}
