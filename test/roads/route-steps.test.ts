/**
 * Routes with OSRM v5 steps: the response contract of issue 3 (checked on our routes and on a real
 * OSRM answer, so the contract is OSRM's), every step spoken by osrm-text-instructions, roundabout
 * exits, and our route against the recorded OSRM route for the same two points.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { randomRoadPoints } from '../../bench/roads-points.js';
import { seededRandom } from '../../bench/roads-stats.js';
import type { LonLat, OsrmRouteResponse } from '../../solver/roads/backend.js';
import { EmbeddedBackend } from '../../solver/roads/embedded.js';
import { SegmentSnapper } from '../../solver/roads/snap.js';
import { modifierFor, turnDelta } from '../../solver/roads/steps.js';
import { cityGraph, demoBackend, routeResponse } from './helpers.js';

// The npm package itself, through Node's require: the client build swaps in an English-only
// language table (vite.config.ts), and this test should not depend on that.
const compiler = (createRequire(import.meta.url)('osrm-text-instructions') as typeof import('osrm-text-instructions').default)('v5');
const recorded = (name: string) => (JSON.parse(readFileSync(new URL(`../fixtures/osrm/${name}.json`, import.meta.url), 'utf8')) as { body: unknown }).body;

// The points of the recorded OSRM routes (test/fixtures/osrm/README.md).
const A: LonLat = [-0.129, 51.613];
const B: LonLat = [-0.105, 51.62];
const VIA: LonLat = [-0.1181, 51.6079];

/** The structure beyond field types: legs, steps and geometry fit together. */
function expectCoherent(response: OsrmRouteResponse, points: LonLat[]): void {
  routeResponse.parse(response);
  const route = response.routes[0];
  expect(route.legs).toHaveLength(points.length - 1);
  expect(response.waypoints).toHaveLength(points.length);
  expect(route.distance).toBeCloseTo(
    route.legs.reduce((s, l) => s + l.distance, 0),
    0,
  );
  expect(route.geometry.coordinates[0]).toEqual(response.waypoints[0].location);
  expect(route.geometry.coordinates.at(-1)).toEqual(response.waypoints.at(-1)!.location);
  for (const leg of route.legs) {
    expect(leg.steps[0].maneuver.type).toBe('depart');
    expect(leg.steps.at(-1)!.maneuver.type).toBe('arrive');
    expect(leg.steps.filter((s) => s.maneuver.type === 'depart' || s.maneuver.type === 'arrive')).toHaveLength(2);
    // Step distances are rounded to 0.1 m each.
    expect(Math.abs(leg.steps.reduce((s, st) => s + st.distance, 0) - leg.distance)).toBeLessThanOrEqual(0.05 * leg.steps.length + 0.05);
    leg.steps.forEach((step, k) => {
      expect(step.geometry.coordinates[0]).toEqual(step.maneuver.location);
      if (k + 1 < leg.steps.length) expect(step.geometry.coordinates.at(-1)).toEqual(leg.steps[k + 1].maneuver.location);
    });
  }
}

/** Every step as English text; each must be a sentence (a capital, no "undefined", no blank). */
function speak(response: OsrmRouteResponse): string[] {
  const legs = response.routes[0].legs;
  return legs.flatMap((leg, legIndex) =>
    leg.steps.map((step) => {
      const text = compiler.compile('en', step, { legIndex, legCount: legs.length });
      expect(text, JSON.stringify(step.maneuver)).toMatch(/^[A-Z][^\n]*\S$/);
      expect(text).not.toMatch(/undefined|null|NaN/);
      return text;
    }),
  );
}

describe('routes with steps on the demo area', () => {
  let backend: EmbeddedBackend;
  beforeAll(async () => {
    backend = await demoBackend();
  });

  it('the contract holds for our routes and for a real OSRM answer alike', () => {
    expectCoherent(backend.routeSync([A, B]), [A, B]);
    expectCoherent(backend.routeSync([A, VIA, B]), [A, VIA, B]);
    expectCoherent(recorded('route-A-B-steps') as OsrmRouteResponse, [A, B]);
    expectCoherent(recorded('route-A-via-B-steps') as OsrmRouteResponse, [A, VIA, B]);
  });

  it('every step renders through osrm-text-instructions to an English sentence naming the roads', () => {
    const route = backend.routeSync([A, VIA, B]);
    const text = speak(route);
    expect(text[0]).toMatch(/^Head (north|south|east|west)/);
    expect(text).toContain('You have arrived at your 1st destination');
    expect(text.at(-1)).toBe('You have arrived at your destination');
    expect(text).toContain('Turn left onto Telford Road (A406)');
    expect(text.filter((t) => /^Turn (left|right) onto /.test(t)).length).toBeGreaterThanOrEqual(5);
  });

  it('every step of 40 random routes renders, in the demo area and in the City', async () => {
    const city = new EmbeddedBackend(await cityGraph());
    for (const b of [backend, city]) {
      const points = randomRoadPoints(b.graph, new SegmentSnapper(b.graph), 40, seededRandom(17));
      const types = new Set<string>();
      for (let i = 0; i < points.length; i += 2) {
        const route = b.routeSync([points[i], points[i + 1]]);
        expectCoherent(route, [points[i], points[i + 1]]);
        speak(route);
        for (const step of route.routes[0].legs[0].steps) types.add(step.maneuver.type);
      }
      expect(types).toContain('turn');
    }
  });

  it("a roundabout is one step, with the number of the exit taken and the exit road's name", () => {
    // Both enter the New Southgate roundabout from Brunswick Park Road; one leaves by Bowes Road,
    // the other drives on to Friern Barnet Road.
    const early = backend.routeSync([
      [-0.143842, 51.621907],
      [-0.134681, 51.61533],
    ]);
    const later = backend.routeSync([
      [-0.141271, 51.619922],
      [-0.138891, 51.613147],
    ]);
    const roundabout = (r: OsrmRouteResponse) => r.routes[0].legs[0].steps.find((s) => s.maneuver.type === 'roundabout')!;
    const [first, second] = [roundabout(early), roundabout(later)];
    expect(first.maneuver.location).toEqual(second.maneuver.location);
    expect(first.maneuver.exit).toBe(1);
    expect(second.maneuver.exit).toBe(2);
    // The step is named after the exit road, and runs on along it to the next manoeuvre.
    expect(first.name).toBe('Bowes Road');
    expect(second.name).toBe('Friern Barnet Road');
    expect(compiler.compile('en', first)).toBe('Enter the roundabout and take the 1st exit onto Bowes Road (A1110)');
    expect(compiler.compile('en', second)).toBe('Enter the roundabout and take the 2nd exit onto Friern Barnet Road (A1003)');
  });

  it('follows the same roads as OSRM between the recorded points, at a similar time and length', () => {
    const osrm = recorded('route-A-B-steps') as OsrmRouteResponse;
    const ours = backend.routeSync([A, B]);
    const names = (r: OsrmRouteResponse) => new Set(r.routes[0].legs[0].steps.map((s) => s.name).filter((n) => n !== ''));
    const shared = [...names(osrm)].filter((n) => names(ours).has(n));
    // OSRM: Hastings Road, Telford Road, Wilmer Way, Powys Lane, Broomfield Lane, Green Lanes, Lodge Drive, The Grove.
    expect(shared.length).toBeGreaterThanOrEqual(6);
    const ratio = (x: number, y: number) => x / y;
    expect(ratio(ours.routes[0].distance, osrm.routes[0].distance)).toBeGreaterThan(0.85);
    expect(ratio(ours.routes[0].distance, osrm.routes[0].distance)).toBeLessThan(1.15);
    expect(ratio(ours.routes[0].duration, osrm.routes[0].duration)).toBeGreaterThan(0.75);
    expect(ratio(ours.routes[0].duration, osrm.routes[0].duration)).toBeLessThan(1.25);
    // OSRM snapped the same two points to the same places.
    ours.waypoints.forEach((w, i) => {
      expect(w.location[0]).toBeCloseTo(osrm.waypoints[i].location[0], 4);
      expect(w.location[1]).toBeCloseTo(osrm.waypoints[i].location[1], 4);
    });
  });

  it('a route needs two points; without steps it still has geometry and legs', () => {
    expect(() => backend.routeSync([A])).toThrow(/at least two points/);
    const bare = backend.routeSync([A, B], { steps: false });
    expect(bare.routes[0].legs[0].steps).toEqual([]);
    expect(bare.routes[0].distance).toBe(backend.routeSync([A, B]).routes[0].distance);
  });
});

describe('turn modifiers from bearings', () => {
  it('signed turn angles and their OSRM modifiers (left is negative)', () => {
    expect(turnDelta(350, 10)).toBe(20);
    expect(turnDelta(10, 350)).toBe(-20);
    expect(turnDelta(90, 270)).toBe(-180);
    expect(modifierFor(5)).toBe('straight');
    expect(modifierFor(-45)).toBe('slight left');
    expect(modifierFor(90)).toBe('right');
    expect(modifierFor(-150)).toBe('sharp left');
    expect(modifierFor(179)).toBe('uturn');
  });
});
