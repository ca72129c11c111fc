import { describe, expect, it } from 'vitest';
import type { RoadMap } from '../../client/src/api/schemas';
import { roadMapOf } from '../../client/src/offline/device';

const road: RoadMap['features'][number] = {
  type: 'Feature',
  properties: { highway: 'residential', name: 'Friern Barnet Road' },
  geometry: {
    type: 'LineString',
    coordinates: [
      [-0.14, 51.61],
      [-0.139, 51.612],
    ],
  },
};

const kept: RoadMap = {
  type: 'FeatureCollection',
  features: [road],
  bbox: [-0.145, 51.61, -0.135, 51.615],
  attribution: '© OpenStreetMap contributors',
};

describe('the road graph kept on the phone', () => {
  it('is the base map when it has the shape GET /api/roads answers with', () => {
    expect(roadMapOf(kept)).toEqual(kept);
  });

  it('counts as none when there is none, or a copy of another shape', () => {
    expect(roadMapOf(undefined)).toBeUndefined();
    expect(roadMapOf('{"type":"FeatureCollection"}')).toBeUndefined();
    // Not a collection, or one with no features.
    expect(roadMapOf({ ...kept, type: 'Feature' })).toBeUndefined();
    expect(roadMapOf({ type: 'FeatureCollection', bbox: kept.bbox, attribution: kept.attribution })).toBeUndefined();
    // A road with no class, or not a line, or a line of one point.
    expect(roadMapOf({ ...kept, features: [{ ...road, properties: { name: 'Friern Barnet Road' } }] })).toBeUndefined();
    expect(roadMapOf({ ...kept, features: [{ ...road, geometry: { type: 'MultiLineString', coordinates: [road.geometry.coordinates] } }] })).toBeUndefined();
    expect(roadMapOf({ ...kept, features: [{ ...road, geometry: { type: 'LineString', coordinates: [[-0.14, 51.61]] } }] })).toBeUndefined();
    // No licence notice to show with it.
    expect(roadMapOf({ ...kept, attribution: undefined })).toBeUndefined();
  });
});
