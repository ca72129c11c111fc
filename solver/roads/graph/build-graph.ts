/**
 * Raw OSM -> car RoadGraph: drivable ways split into segments, one arc per legal direction,
 * free-flow durations plus a traffic-signal delay, only the largest strongly connected component,
 * then turn restrictions compiled in by node splitting (see road-graph.ts), and the largest
 * strongly connected component of the result (bans can close streets off).
 *
 * Supported restrictions: via a node, no_* and only_*. Via-way restrictions are counted and skipped
 * (rare in UK towns; documented in the README).
 */
import { graphArea } from '../area.js';
import { haversineMetres } from '../geo.js';
import { onewayDirection, speedKmh } from '../osm/car-profile.js';
import type { RawOsm } from '../osm/read-osm.js';
import { assembleGraph, emptyArcList } from './assemble.js';
import type { RoadGraph, WayInfo } from './road-graph.js';
import { keepLargestComponent } from './prune.js';
import { stronglyConnectedComponents } from './scc.js';

/** Seconds lost at traffic signals, as OSRM's car profile assumes. */
export const TRAFFIC_SIGNAL_SECONDS = 2;

interface Seg {
  a: number; // raw node index
  b: number;
  way: number; // index into kept ways
  dir: 1 | -1 | 0;
  metres: number;
  seconds: number;
}

export interface GraphSource {
  /** The OSM file's name (not its path: the graph may be moved, and an upload names its file its own way). */
  file: string;
  hash: string;
  /** What people call the area (absent: the file name says it). */
  label?: string;
}

/** The builder's two long stretches, for a progress report: the graph, then pruning what bans close off. */
export type BuildPhase = 'building' | 'pruning';

export function buildRoadGraph(raw: RawOsm, source: GraphSource, onPhase?: (phase: BuildPhase) => void): RoadGraph {
  onPhase?.('building');
  // 1. Segments over raw node indices; a way is cut where the extract lacks one of its nodes.
  const segs: Seg[] = [];
  const ways: WayInfo = { name: [], ref: [], highway: [], roundabout: [] };
  const wayRawIndex = new Map<number, number>(); // OSM way id -> kept way index
  const wayNodes: number[][] = []; // raw node indices, -1 where missing
  for (const w of raw.ways) {
    const wi = ways.name.length;
    wayRawIndex.set(w.id, wi);
    ways.name.push(w.tags.name ?? '');
    ways.ref.push(w.tags.ref ?? '');
    ways.highway.push(w.tags.highway);
    ways.roundabout.push(w.tags.junction === 'roundabout' || w.tags.junction === 'circular' ? 1 : 0);
    const dir = onewayDirection(w.tags);
    const mps = speedKmh(w.tags) / 3.6;
    const nodes = w.refs.map((r) => raw.nodeIndex.get(r) ?? -1);
    wayNodes.push(nodes);
    for (let k = 0; k + 1 < nodes.length; k++) {
      const a = nodes[k];
      const b = nodes[k + 1];
      if (a < 0 || b < 0 || a === b) continue;
      const metres = haversineMetres(raw.nodeLon[a], raw.nodeLat[a], raw.nodeLon[b], raw.nodeLat[b]);
      segs.push({ a, b, way: wi, dir, metres, seconds: metres / mps });
    }
  }

  // 2. Compact the used raw nodes and find the largest strongly connected component.
  const rawToUsed = new Int32Array(raw.nodeLon.length).fill(-1);
  let used = 0;
  for (const s of segs) {
    if (rawToUsed[s.a] < 0) rawToUsed[s.a] = used++;
    if (rawToUsed[s.b] < 0) rawToUsed[s.b] = used++;
  }
  const outCount = new Uint32Array(used + 1);
  const pairs: number[] = [];
  for (const s of segs) {
    const a = rawToUsed[s.a];
    const b = rawToUsed[s.b];
    if (s.dir >= 0) pairs.push(a, b);
    if (s.dir <= 0) pairs.push(b, a);
  }
  for (let i = 0; i < pairs.length; i += 2) outCount[pairs[i] + 1]++;
  for (let v = 0; v < used; v++) outCount[v + 1] += outCount[v];
  const fill = outCount.slice(0, used);
  const heads = new Uint32Array(pairs.length / 2);
  for (let i = 0; i < pairs.length; i += 2) heads[fill[pairs[i]]++] = pairs[i + 1];
  const { component, largest, sizes } = stronglyConnectedComponents(used, outCount, heads);

  // 3. Final physical node numbering: the largest component only.
  const rawToNode = new Int32Array(raw.nodeLon.length).fill(-1);
  const lon: number[] = [];
  const lat: number[] = [];
  for (let r = 0; r < rawToUsed.length; r++) {
    const u = rawToUsed[r];
    if (u >= 0 && component[u] === largest) {
      rawToNode[r] = lon.length;
      lon.push(raw.nodeLon[r]);
      lat.push(raw.nodeLat[r]);
    }
  }
  const physicalCount = lon.length;
  const signal = new Uint8Array(physicalCount);
  for (const id of raw.signalNodes) {
    const r = raw.nodeIndex.get(id);
    if (r !== undefined && rawToNode[r] >= 0) signal[rawToNode[r]] = 1;
  }

  // 4. Segments and arcs; remember arcs by (way, tail, head) for restriction lookup, only on the
  // ways a restriction names (a county has millions of arcs and a few thousand restrictions).
  const segA: number[] = [];
  const segB: number[] = [];
  const arcs = emptyArcList();
  const arcKey = new Map<string, number>();
  const restrictedWays = new Set<number>();
  for (const r of raw.restrictions) {
    for (const id of [...r.from, ...r.to]) {
      const wi = wayRawIndex.get(id);
      if (wi !== undefined) restrictedWays.add(wi);
    }
  }
  const addArc = (tail: number, head: number, s: Seg, seg: number, dir: number) => {
    const id = arcs.tail.length;
    arcs.tail.push(tail);
    arcs.head.push(head);
    arcs.duration.push(s.seconds + (signal[head] ? TRAFFIC_SIGNAL_SECONDS : 0));
    arcs.distance.push(s.metres);
    arcs.way.push(s.way);
    arcs.segment.push(seg);
    arcs.dir.push(dir);
    if (restrictedWays.has(s.way)) arcKey.set(`${s.way}:${tail}:${head}`, id);
  };
  for (const s of segs) {
    const a = rawToNode[s.a];
    const b = rawToNode[s.b];
    if (a < 0 || b < 0) continue;
    const seg = segA.length;
    segA.push(a);
    segB.push(b);
    if (s.dir >= 0) addArc(a, b, s, seg, 0);
    if (s.dir <= 0) addArc(b, a, s, seg, 1);
  }

  // 5. Turn restrictions by node splitting.
  const physical: number[] = Array.from({ length: physicalCount }, (_, i) => i);
  const stats: Record<string, number> = {
    osmWays: raw.ways.length,
    components: sizes.length,
    droppedNodes: used - physicalCount,
    restrictions: raw.restrictions.length,
    restrictionsApplied: 0,
    restrictionsViaWaySkipped: 0,
    restrictionsUnresolved: 0,
  };
  /**
   * The node next to `via` on a from or to way. OSM requires those ways to start or end at the via
   * node (so does OSRM): when the via node is inside the way, which side the mapper meant is
   * unknown, and guessing would ban a legal turn, so the restriction is left unresolved.
   */
  const neighbours = (wayId: number, via: number): { way: number; nodes: number[] } | null => {
    const wi = wayRawIndex.get(wayId);
    if (wi === undefined) return null;
    const nodes = wayNodes[wi];
    const at = (k: number) => (nodes[k] >= 0 ? rawToNode[nodes[k]] : -1);
    const found: number[] = [];
    const last = nodes.length - 1;
    if (at(0) === via && at(1) >= 0) found.push(at(1));
    if (at(last) === via && at(last - 1) >= 0 && at(last - 1) !== found[0]) found.push(at(last - 1));
    return { way: wi, nodes: found };
  };
  // from-arc -> { via, banned arcs, only arcs }
  const groups = new Map<number, { via: number; banned: Set<number>; only: Set<number> | null }>();
  for (const r of raw.restrictions) {
    if (r.viaWays.length > 0) {
      stats.restrictionsViaWaySkipped++;
      continue;
    }
    const isOnly = r.restriction.startsWith('only_');
    if (r.viaNodes.length !== 1 || (!isOnly && !r.restriction.startsWith('no_')) || r.from.length === 0 || r.to.length === 0) {
      stats.restrictionsUnresolved++;
      continue;
    }
    const viaRaw = raw.nodeIndex.get(r.viaNodes[0]);
    const via = viaRaw === undefined ? -1 : rawToNode[viaRaw];
    if (via < 0) {
      stats.restrictionsUnresolved++;
      continue;
    }
    const fromArcs: number[] = [];
    for (const f of r.from) {
      const nb = neighbours(f, via);
      if (!nb) continue;
      for (const u of nb.nodes) {
        const a = arcKey.get(`${nb.way}:${u}:${via}`);
        if (a !== undefined) fromArcs.push(a);
      }
    }
    const toArcs: number[] = [];
    for (const t of r.to) {
      const nb = neighbours(t, via);
      if (!nb) continue;
      for (const w of nb.nodes) {
        const a = arcKey.get(`${nb.way}:${via}:${w}`);
        if (a !== undefined) toArcs.push(a);
      }
    }
    if (fromArcs.length === 0 || toArcs.length === 0) {
      stats.restrictionsUnresolved++;
      continue;
    }
    for (const fa of fromArcs) {
      let g = groups.get(fa);
      if (!g) {
        g = { via, banned: new Set(), only: null };
        groups.set(fa, g);
      }
      if (isOnly) g.only = new Set([...(g.only ?? []), ...toArcs]);
      else for (const ta of toArcs) g.banned.add(ta);
    }
    stats.restrictionsApplied++;
  }
  const outArcs = new Map<number, number[]>();
  for (const g of groups.values()) outArcs.set(g.via, []);
  for (let i = 0; i < arcs.tail.length; i++) outArcs.get(arcs.tail[i])?.push(i);
  // Redirect every from-arc to its own copy of the via node first, so copied arcs can follow redirects.
  const copyOf = new Map<number, number>();
  for (const [fa, g] of groups) {
    const c = physical.length;
    physical.push(g.via);
    lon.push(lon[g.via]);
    lat.push(lat[g.via]);
    copyOf.set(fa, c);
  }
  for (const [fa, c] of copyOf) arcs.head[fa] = c;
  for (const [fa, g] of groups) {
    const c = copyOf.get(fa) as number;
    for (const oa of outArcs.get(g.via) ?? []) {
      if (g.banned.has(oa)) continue;
      if (g.only && !g.only.has(oa)) continue;
      arcs.tail.push(c);
      arcs.head.push(arcs.head[oa]);
      arcs.duration.push(arcs.duration[oa]);
      arcs.distance.push(arcs.distance[oa]);
      arcs.way.push(arcs.way[oa]);
      arcs.segment.push(arcs.segment[oa]);
      arcs.dir.push(arcs.dir[oa]);
    }
  }
  stats.restrictionCopies = copyOf.size;

  // 6. Bans can close streets off: keep the largest strongly connected part of the final graph.
  onPhase?.('pruning');
  let pruned = { physicalCount, physical, lon, lat, segA, segB, arcs, droppedNodes: 0, droppedSegments: 0 };
  stats.restrictionTrappedNodes = 0;
  stats.restrictionTrappedSegments = 0;
  do {
    pruned = keepLargestComponent(pruned);
    stats.restrictionTrappedNodes += pruned.droppedNodes;
    stats.restrictionTrappedSegments += pruned.droppedSegments;
  } while (pruned.droppedNodes + pruned.droppedSegments > 0);

  const graph = assembleGraph({
    physicalCount: pruned.physicalCount,
    physical: pruned.physical,
    lon: pruned.lon,
    lat: pruned.lat,
    segA: pruned.segA,
    segB: pruned.segB,
    arcs: pruned.arcs,
    ways,
    meta: {
      sourceFile: source.file,
      sourceHash: source.hash,
      stats,
      ...(raw.dataTimestamp ? { sourceDate: raw.dataTimestamp } : {}),
      ...(source.label ? { label: source.label } : {}),
    },
  });
  graph.meta.area = graphArea(graph);
  return graph;
}
