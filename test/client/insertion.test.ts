import { describe, expect, it } from 'vitest';
import type { LonLat } from '../../client/src/api/schemas';
import { cheapestPosition } from '../../client/src/state/insertion';

// Stops along a street running east, about 700 m apart.
const street: LonLat[] = [
  [-0.14, 51.61],
  [-0.13, 51.61],
  [-0.12, 51.61],
  [-0.11, 51.61],
];

describe('where an added visit goes', () => {
  it('between the two stops it lies between', () => {
    expect(cheapestPosition(street, [-0.125, 51.6101])).toBe(2);
  });

  it('before the first or after the last when it lies on the way from the start or to the end', () => {
    const [home, office]: LonLat[] = [
      [-0.15, 51.61],
      [-0.09, 51.61],
    ];
    expect(cheapestPosition(street, [-0.145, 51.6101], home, office)).toBe(0);
    expect(cheapestPosition(street, [-0.1, 51.6101], home, office)).toBe(4);
  });

  it('an empty route takes it first; without start or end the ends cost nothing', () => {
    expect(cheapestPosition([], [-0.1, 51.6])).toBe(0);
    expect(cheapestPosition(street, [-0.1, 51.6101])).toBe(4);
  });
});
