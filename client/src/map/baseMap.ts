/**
 * The base map: OpenStreetMap tiles when they load, and our own road graph drawn as vectors,
 * which always works (council laptops are often offline). When tiles fail before any has
 * loaded, the map switches to the road graph by itself and says so.
 */
import L from 'leaflet';
import { roadStyle } from './roadStyle';

export const OSM_ATTRIBUTION = '© <a href="https://www.openstreetmap.org/copyright">OpenStreetMap contributors</a>';

interface RoadFeature {
  type: 'Feature';
  geometry: { type: 'LineString' | 'MultiLineString'; coordinates: unknown };
  properties?: { highway?: string; class?: string; name?: string; ref?: string } | null;
}

export interface BaseMap {
  /** Fires once the road graph is drawn; rejects when the server cannot supply it. */
  roadsReady: Promise<void>;
}

const NAME_ZOOM = 16;
const MAX_LABELS = 120;

export function installBaseMap(map: L.Map, loadRoads: () => Promise<unknown>, onNotice: (text: string) => void): BaseMap {
  const renderer = L.canvas({ padding: 0.3 });
  const tiles = L.tileLayer('https://tile.openstreetmap.org/{z}/{x}/{y}.png', {
    maxZoom: 19,
    attribution: OSM_ATTRIBUTION,
    crossOrigin: true,
  });
  const roads = L.geoJSON(undefined, {
    attribution: OSM_ATTRIBUTION,
    // The road graph may be thousands of ways: canvas, not one SVG element each.
    renderer,
    interactive: false,
    style: (f) => {
      const p = (f as RoadFeature | undefined)?.properties ?? {};
      const s = roadStyle(p.highway ?? p.class, map.getZoom());
      return { color: s.color, weight: map.getZoom() < s.minZoom ? 0 : s.weight, opacity: 1, lineCap: 'round' };
    },
  } as L.GeoJSONOptions & { renderer: L.Renderer });
  const offline = L.layerGroup([roads]);
  const labels = L.layerGroup();

  const stored = safeStorage()?.getItem('rounds.base');
  const preferTiles = stored ? stored === 'tiles' : navigator.onLine;
  (preferTiles ? tiles : offline).addTo(map);
  labels.addTo(map);
  L.control.layers({ 'OpenStreetMap tiles (online)': tiles, 'Road graph (works offline)': offline }, undefined, { position: 'topright' }).addTo(map);
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution(OSM_ATTRIBUTION);
  map.on('baselayerchange', (e: L.LayersControlEvent) => safeStorage()?.setItem('rounds.base', e.layer === tiles ? 'tiles' : 'roads'));

  let anyTileLoaded = false;
  let tileErrors = 0;
  tiles.on('tileload', () => (anyTileLoaded = true));
  tiles.on('tileerror', () => {
    tileErrors += 1;
    if (!anyTileLoaded && tileErrors === 3 && map.hasLayer(tiles)) {
      map.removeLayer(tiles);
      offline.addTo(map);
      onNotice('Map tiles cannot be loaded (offline?): showing the road graph instead.');
    }
  });

  let named: RoadFeature[] = [];
  const refreshLabels = () => {
    labels.clearLayers();
    if (map.getZoom() < NAME_ZOOM || !map.hasLayer(offline)) return;
    const bounds = map.getBounds();
    const seen = new Set<string>();
    for (const f of named) {
      if (labels.getLayers().length >= MAX_LABELS) break;
      const name = f.properties?.name ?? '';
      const mid = midpoint(f);
      if (!mid || seen.has(name) || !bounds.contains(mid)) continue;
      seen.add(name);
      L.marker(mid, {
        interactive: false,
        keyboard: false,
        icon: L.divIcon({ className: 'road-label', html: textOf(name), iconSize: undefined }),
      }).addTo(labels);
    }
  };
  map.on('zoomend', () => roads.setStyle((f) => (roads.options.style as L.StyleFunction)(f)));
  map.on('moveend zoomend baselayerchange', refreshLabels);

  const roadsReady = loadRoads().then((geojson) => {
    const features = featuresOf(geojson);
    roads.addData({ type: 'FeatureCollection', features } as GeoJSON.FeatureCollection);
    named = features.filter((f) => f.properties?.name);
    refreshLabels();
  });
  return { roadsReady };
}

function featuresOf(geojson: unknown): RoadFeature[] {
  const fc = geojson as { type?: string; features?: unknown[] } | null;
  if (!fc || fc.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
    throw new Error('The road graph from the server is not a GeoJSON FeatureCollection');
  }
  return fc.features.filter((f): f is RoadFeature => {
    const g = (f as RoadFeature | null)?.geometry;
    return !!g && (g.type === 'LineString' || g.type === 'MultiLineString');
  });
}

function midpoint(f: RoadFeature): L.LatLng | null {
  const coords = (f.geometry.type === 'LineString' ? f.geometry.coordinates : (f.geometry.coordinates as unknown[])[0]) as number[][] | undefined;
  const c = coords?.[Math.floor(coords.length / 2)];
  return c && c.length >= 2 ? L.latLng(c[1], c[0]) : null;
}

/** A road's name as text: Leaflet parses a string `html` as HTML, an element it only appends. */
function textOf(s: string): HTMLElement {
  const span = document.createElement('span');
  span.textContent = s;
  return span;
}

function safeStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
