/**
 * The base map: OpenStreetMap tiles when they load, and our own road graph drawn as vectors,
 * which always works (council laptops are often offline). When tiles fail before any has
 * loaded, the map switches to the road graph by itself and says so.
 */
import L from 'leaflet';
import type { RoadMap } from '../api/schemas';
import { roadStyle } from './roadStyle';

export const OSM_ATTRIBUTION = '© <a href="https://www.openstreetmap.org/copyright">OpenStreetMap contributors</a>';

type RoadFeature = RoadMap['features'][number];

export interface BaseMap {
  /** Fires once the road graph is drawn; rejects when the server cannot supply it. */
  roadsReady: Promise<void>;
  /** Loads the road graph again (its last load was abandoned), replacing what is drawn. */
  reloadRoads(): Promise<void>;
}

const NAME_ZOOM = 16;
const MAX_LABELS = 120;

export function installBaseMap(map: L.Map, loadRoads: () => Promise<RoadMap>, onNotice: (text: string) => void): BaseMap {
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
      const s = roadStyle((f as RoadFeature | undefined)?.properties.highway, map.getZoom());
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
      const name = f.properties.name;
      const mid = midpoint(f);
      if (seen.has(name) || !bounds.contains(mid)) continue;
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

  const reloadRoads = () =>
    loadRoads().then(({ features }) => {
      const collection: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features };
      roads.clearLayers();
      roads.addData(collection);
      named = features.filter((f) => f.properties.name);
      refreshLabels();
    });
  return { roadsReady: reloadRoads(), reloadRoads };
}

/** The middle point of a road's line (the contract gives every line two points or more). */
function midpoint(f: RoadFeature): L.LatLng {
  const coords = f.geometry.coordinates;
  const [lon, lat] = coords[Math.floor(coords.length / 2)];
  return L.latLng(lat, lon);
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
