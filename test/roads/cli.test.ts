/**
 * The road CLIs as other tools run them (`npm run --silent route|matrix|import-osm`): the contract
 * JSON on stdout, and every error on stderr with exit code 2 and nothing on stdout.
 */
import { execFile } from 'node:child_process';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../solver/roads/graph/load-graph.js';
import { demoBackend, routeResponse, tempDir } from './helpers.js';

const dir = tempDir('cli');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function npmRun(script: string, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile('npm', ['run', '--silent', script, '--', ...args], { cwd: PROJECT_ROOT, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

function expectFailure(run: Run, message: RegExp): void {
  expect(run.code, run.stderr).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr).toMatch(message);
}

describe('npm run route', () => {
  it('prints an OSRM v5 route response for --from, --via and --to (negative longitudes too)', async () => {
    const run = await npmRun('route', ['--from', '-0.1290,51.6130', '--via', '-0.1181,51.6079', '--to', '-0.1050,51.6200']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe('');
    const response = routeResponse.parse(JSON.parse(run.stdout));
    expect(response.routes[0].legs).toHaveLength(2);
    expect(response.waypoints).toHaveLength(3);
    const inProcess = (await demoBackend()).routeSync([
      [-0.129, 51.613],
      [-0.1181, 51.6079],
      [-0.105, 51.62],
    ]);
    expect(JSON.parse(run.stdout)).toEqual(inProcess);
  });

  it('errors: a point off the roads is named; bad or missing arguments show the usage', async () => {
    const [offRoad, missing, malformed, unknown] = await Promise.all([
      npmRun('route', ['--from', '-0.1290,51.6130', '--to', '0.5,50.9']),
      npmRun('route', ['--from', '-0.1290,51.6130']),
      npmRun('route', ['--from', 'Friern Barnet', '--to', '-0.1050,51.6200']),
      npmRun('route', ['--from', '-0.1290,51.6130', '--to', '-0.1050,51.6200', '--fastest']),
    ]);
    expectFailure(offRoad, /^error: point 1 \(0\.5, 50\.9\) is more than 300 m from any road in the graph\n$/);
    expectFailure(missing, /^error: --from and --to are required\nusage: npm run --silent route/);
    expectFailure(malformed, /^error: --from expects LON,LAT in degrees, got "Friern Barnet"\nusage:/);
    expectFailure(unknown, /^error: Unknown option '--fastest'/);
  });
});

describe('npm run matrix', () => {
  it('prints durations and distances for the points file, matching the library', async () => {
    const points = [
      [-0.129, 51.613],
      [-0.105, 51.62],
      [-0.1181, 51.6079],
    ];
    const file = join(dir, 'points.json');
    writeFileSync(file, JSON.stringify(points));
    const run = await npmRun('matrix', ['--points', file]);
    expect(run.code, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as { durations: number[][]; distances: number[][] };
    expect(Object.keys(out)).toEqual(['durations', 'distances']);
    const m = (await demoBackend()).matrixSync(points as Array<[number, number]>);
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        expect(out.durations[i][j]).toBe(Math.round(m.durations[i * 3 + j] * 10) / 10);
        expect(out.distances[i][j]).toBe(Math.round(m.distances[i * 3 + j] * 10) / 10);
      }
    }
    expect(out.durations[0][0]).toBe(0);
  });

  it('errors: each off-road point named; a missing, malformed or wrong-shaped points file named', async () => {
    const off = join(dir, 'off.json');
    writeFileSync(
      off,
      JSON.stringify([
        [-0.129, 51.613],
        [0.5, 50.9],
        [-0.105, 51.62],
        [1, 52],
      ]),
    );
    const garbled = join(dir, 'garbled.json');
    writeFileSync(garbled, '[[-0.1, 51.6],');
    const shape = join(dir, 'shape.json');
    writeFileSync(shape, JSON.stringify([[-0.1, 51.6], { lon: -0.1, lat: 51.6 }]));
    const [offRoad, absent, bad, wrong, noFlag, noGraph] = await Promise.all([
      npmRun('matrix', ['--points', off]),
      npmRun('matrix', ['--points', join(dir, 'absent.json')]),
      npmRun('matrix', ['--points', garbled]),
      npmRun('matrix', ['--points', shape]),
      npmRun('matrix', []),
      npmRun('matrix', ['--points', off, '--graph', join(dir, 'nowhere.graph')]),
    ]);
    expectFailure(offRoad, /^error: point 1 \(0\.5, 50\.9\), point 3 \(1, 52\) are more than 300 m from any road in the graph\n$/);
    expectFailure(absent, /^error: cannot read points file .*absent\.json: ENOENT/);
    expectFailure(bad, /^error: cannot read points file .*garbled\.json: .*JSON/);
    expectFailure(wrong, /^error: points file .*shape\.json: point 1 \(\{"lon":-0\.1,"lat":51\.6\}\) is not a \[longitude, latitude\] pair/);
    expectFailure(noFlag, /^error: --points FILE\.json is required\nusage:/);
    expectFailure(noGraph, /^error: graph cache .*nowhere\.graph: no such file\n$/);
  });
});

describe('npm run import-osm', () => {
  it('imports a PBF to --out, and route --graph uses it', async () => {
    const out = join(dir, 'city.graph');
    const run = await npmRun('import-osm', [join(PROJECT_ROOT, 'data/osm/london-city-valhalla-2020-07-20.osm.pbf'), '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout) as { graph: string; nodes: number; stats: Record<string, number> };
    expect(summary.graph).toBe(out);
    expect(summary.nodes).toBeGreaterThan(3000);
    expect(summary.stats.restrictionsApplied).toBe(61);
    expect(readdirSync(dir).filter((f) => f.startsWith('city.graph'))).toEqual(['city.graph']);
    const route = await npmRun('route', ['--graph', out, '--from', '-0.1042,51.5176', '--to', '-0.0951,51.5141']);
    expect(route.code, route.stderr).toBe(0);
    expect(routeResponse.parse(JSON.parse(route.stdout)).routes[0].distance).toBeGreaterThan(500);
  });

  it('a corrupt extract: exit 2 naming the file, and no graph or temp file written', async () => {
    const bad = join(dir, 'broken.osm');
    writeFileSync(bad, '<?xml version="1.0"?><osm version="0.6"><node id="1" lat="51.5" lon="-0.1"><way');
    const out = join(dir, 'broken.graph');
    const [run, usage] = await Promise.all([npmRun('import-osm', [bad, '--out', out]), npmRun('import-osm', [])]);
    expectFailure(run, new RegExp(`^error: cannot read OSM file ${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `));
    expect(readdirSync(dir).filter((f) => f.startsWith('broken'))).toEqual(['broken.osm']);
    expectFailure(usage, /^error: give exactly one OSM file\nusage: npm run import-osm/);
  });
});
