import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { legInstructions } from '../../client/src/directions/instructions';
import { osrmResponseSchema } from '../../client/src/directions/routeSchema';
import { roadStyle } from '../../client/src/map/roadStyle';
import { routeColour } from '../../client/src/map/colours';

// A real OSRM 5.27.1 answer recorded on the demo extract (test/fixtures/osrm, ODbL).
const recorded = JSON.parse(readFileSync(new URL('../fixtures/osrm/route-A-via-B-steps.json', import.meta.url), 'utf8')) as { body: unknown };

describe('turn-by-turn from OSRM v5 steps', () => {
  const response = osrmResponseSchema.parse(recorded.body);
  const legs = response.routes[0].legs;

  it('one instruction per step, naming the roads, ending with the arrival', () => {
    expect(legs.length).toBe(2);
    legs.forEach((leg, i) => {
      const text = legInstructions(leg, i, legs.length, 'Stop 2');
      expect(text).toHaveLength(leg.steps.length);
      expect(text[0].text).toMatch(/^Head /);
      expect(text.at(-1)!.text).toMatch(/arrived|destination|Stop 2/i);
      const named = leg.steps.map((s) => s.name).filter((n): n is string => !!n);
      if (named.length) expect(text.some((t) => t.text.includes(named[0]))).toBe(true);
    });
  });
});

describe('map styling', () => {
  it('roads by class: major roads wider and drawn at lower zoom than service roads', () => {
    expect(roadStyle('primary', 16).weight).toBeGreaterThan(roadStyle('residential', 16).weight);
    expect(roadStyle('primary_link', 14)).toEqual(roadStyle('primary', 14));
    expect(roadStyle('service', 14).minZoom).toBeGreaterThan(roadStyle('secondary', 14).minZoom);
    expect(roadStyle(undefined, 12).minZoom).toBe(15);
  });

  it('distinct colours for the first eight routes', () => {
    expect(new Set(Array.from({ length: 8 }, (_, i) => routeColour(i))).size).toBe(8);
    expect(() => routeColour(-1)).toThrow();
  });
});
