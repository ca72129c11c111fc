/**
 * How long a council's extract takes to build into road data, and how much memory the build
 * needs (README "Loading a council's road extract"): the shipped extracts, and a synthetic
 * network of about 250,000 road nodes written out as OSM XML (bench/roads-synthetic.ts: a
 * perturbed street grid with shape points, one-way streets, signals and turn bans) to stand for a
 * large borough. Each build runs in a fresh process (road-extract-child.ts) so that its peak
 * resident memory is its own; the baseline row is the same process with no build (Node, tsx and
 * the modules), to subtract.
 *   npx tsx bench/road-extract.ts [--nodes 250000] [--results DIR]
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, tmpdir, totalmem } from 'node:os';
import { basename, join } from 'node:path';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { CITY_OSM, DEMO_OSM, PROJECT_ROOT } from '../solver/roads/graph/load-graph';
import type { RawOsm } from '../solver/roads/osm/read-osm';
import { sideForNodes, syntheticRawOsm } from './roads-synthetic';

const CHILD = join(PROJECT_ROOT, 'bench/road-extract-child.ts');

interface BuildRow {
  name: string;
  fileMB: number;
  nodes: number;
  roadKm: number;
  graphMB: number;
  seconds: number;
  phases: Record<string, number | null>;
  peakRssMB: number;
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The synthetic network as an OSM XML file, streamed (a 250k-node file is some 30 MB). */
async function writeOsmXml(raw: RawOsm, file: string): Promise<void> {
  const out = createWriteStream(file);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(`<?xml version="1.0" encoding="UTF-8"?>\n<osm version="0.6" generator="rounds bench">\n`);
  for (const [id, index] of raw.nodeIndex) {
    const signal = raw.signalNodes.has(id) ? '><tag k="highway" v="traffic_signals"/></node>' : '/>';
    await write(`<node id="${id}" lat="${raw.nodeLat[index].toFixed(7)}" lon="${raw.nodeLon[index].toFixed(7)}"${signal}\n`);
  }
  for (const way of raw.ways) {
    const refs = way.refs.map((r) => `<nd ref="${r}"/>`).join('');
    const tags = Object.entries(way.tags)
      .map(([k, v]) => `<tag k="${escapeXml(k)}" v="${escapeXml(String(v))}"/>`)
      .join('');
    await write(`<way id="${way.id}">${refs}${tags}</way>\n`);
  }
  for (const r of raw.restrictions) {
    const members = [
      ...r.from.map((w) => `<member type="way" ref="${w}" role="from"/>`),
      ...r.viaNodes.map((n) => `<member type="node" ref="${n}" role="via"/>`),
      ...r.to.map((w) => `<member type="way" ref="${w}" role="to"/>`),
    ].join('');
    await write(`<relation id="${r.id}">${members}<tag k="type" v="restriction"/><tag k="restriction" v="${r.restriction}"/></relation>\n`);
  }
  out.end('</osm>\n');
  await once(out, 'finish');
}

function runChild(args: string[]): BuildRow | { peakRssMB: number } {
  const child = spawnSync(process.execPath, ['--import', 'tsx', CHILD, ...args], { encoding: 'utf8', timeout: 1_800_000, maxBuffer: 16 * 2 ** 20 });
  if (child.status !== 0) throw new Error(`build of ${args[0]} failed (exit ${child.status}): ${child.stderr.trim().split('\n').slice(-3).join(' ')}`);
  return JSON.parse(child.stdout.trim().split('\n').pop()!) as BuildRow;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { nodes: { type: 'string', default: '250000' }, results: { type: 'string' } } });
  const nodes = Number(values.nodes);
  const work = mkdtempSync(join(tmpdir(), 'rounds-road-extract-'));
  try {
    const side = sideForNodes(nodes);
    const synthetic = join(work, `synthetic-${side}x${side}.osm`);
    await writeOsmXml(syntheticRawOsm({ side }), synthetic);
    const targets = [DEMO_OSM, CITY_OSM, synthetic];
    const baseline = runChild(['--baseline']).peakRssMB;
    const machine = `${cpus().length} x ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GB (${(freemem() / 2 ** 30).toFixed(0)} GB free), load average ${loadavg()[0].toFixed(1)} at the start`;
    console.log(`road extract builds on ${machine}, node ${process.version}, ${new Date().toISOString()}`);
    console.log(`baseline process (no build): peak RSS ${baseline.toFixed(0)} MB`);
    console.log(
      `${'extract'.padEnd(48)} ${'MB'.padStart(6)} ${'nodes'.padStart(8)} ${'km'.padStart(7)} ${'seconds'.padStart(8)} ${'peak RSS MB'.padStart(12)}  phases (s)`,
    );
    const rows: BuildRow[] = [];
    for (const file of targets) {
      const row = runChild([file, basename(file), work]) as BuildRow;
      rows.push(row);
      const phases = Object.entries(row.phases)
        .map(([p, s]) => `${p} ${s ?? '-'}`)
        .join(', ');
      console.log(
        `${row.name.padEnd(48)} ${row.fileMB.toFixed(1).padStart(6)} ${String(row.nodes).padStart(8)} ${row.roadKm.toFixed(0).padStart(7)} ${row.seconds.toFixed(1).padStart(8)} ${row.peakRssMB.toFixed(0).padStart(12)}  ${phases}`,
      );
    }
    const dir = values.results ?? join(PROJECT_ROOT, 'bench/results');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'road-extract.json');
    const data = { suite: 'road-extract', machine, node: process.version, date: new Date().toISOString(), baselinePeakRssMB: baseline, rows };
    writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
    console.log(`results: ${file}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
