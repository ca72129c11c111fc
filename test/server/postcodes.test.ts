import { describe, expect, it } from 'vitest';
import { bngToWgs84 } from '../../server/postcodes/grid.js';
import { normalisePostcode } from '../../server/postcodes/index.js';
import { realPostcodes } from './helpers.js';

describe('Code-Point Open postcodes', () => {
  it('puts KT1 2EE on Penrhyn Road, Kingston (OSGB36 -> WGS84 with the Helmert shift)', () => {
    const p = realPostcodes().get('KT1 2EE')!;
    expect(p.lat).toBeCloseTo(51.4033, 3);
    expect(p.lon).toBeCloseTo(-0.3032, 3);
  });

  it('finds a postcode however it is spaced or cased', () => {
    const index = realPostcodes();
    expect(index.get('kt12ee')).toEqual(index.get(' KT1  2EE '));
    expect(normalisePostcode('n11 1nn')).toBe('N111NN');
    expect(index.get('ZZ99 9ZZ')).toBeUndefined();
  });

  it('loads both shipped files', () => {
    // n.csv and kt.csv hold ~31,900 rows; rows without coordinates (quality 90) are left out.
    expect(realPostcodes().size).toBeGreaterThan(30_000);
  });

  it('converts the grid origin region consistently (eastings grow east, northings grow north)', () => {
    const a = bngToWgs84(530000, 190000);
    const b = bngToWgs84(531000, 191000);
    expect(b.lon).toBeGreaterThan(a.lon);
    expect(b.lat).toBeGreaterThan(a.lat);
  });
});
