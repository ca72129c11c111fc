import proj4 from 'proj4';

/**
 * British National Grid (OSGB36 / EPSG:27700) to WGS84. The seven-parameter Helmert shift is the
 * one OS publishes for OSGB36 -> ETRS89 (good to a few metres, which is far below the spread of a
 * postcode unit); without it positions land ~100 m off.
 */
const BNG =
  '+proj=tmerc +lat_0=49 +lon_0=-2 +k=0.9996012717 +x_0=400000 +y_0=-100000 +ellps=airy ' +
  '+towgs84=446.448,-125.157,542.06,0.15,0.247,0.842,-20.489 +units=m +no_defs';

const toWgs84 = proj4(BNG, 'EPSG:4326');

export function bngToWgs84(easting: number, northing: number): { lat: number; lon: number } {
  const [lon, lat] = toWgs84.forward([easting, northing]);
  return { lat, lon };
}
