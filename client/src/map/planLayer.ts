/**
 * Draws routes on the map: numbered stop markers and a line per route following the roads
 * (straight dashed segments only while the road geometry has not arrived). A view: it renders
 * what it is given and reports clicks; it keeps no state of its own beyond its Leaflet layers.
 */
import L from 'leaflet';
import type { LonLat, Route } from '../api/schemas';
import { visitKey } from '../state/draft';
import { routeColour } from './colours';

export interface RouteToDraw {
  route: Route;
  colour: string;
  /** [lon, lat] road geometry, or undefined to draw straight segments. */
  geometry?: LonLat[];
  /** Where the start, each stop and the end meet the roads: a stop off the road gets a dotted link. */
  roadPoints?: LonLat[];
  label: string;
}

/** Shorter than this, a stop's marker covers the gap to the road anyway. */
const WALK_LINK_METRES = 15;

export class PlanLayer {
  private readonly group = L.featureGroup();
  private markers = new Map<string, L.Marker>();

  constructor(
    private readonly map: L.Map,
    private readonly onSelect: (key: string) => void,
  ) {
    this.group.addTo(map);
  }

  render(routes: RouteToDraw[], selected: string | null): void {
    this.group.clearLayers();
    this.markers.clear();
    for (const { route, colour, geometry, roadPoints, label } of routes) {
      const line: L.LatLngExpression[] = geometry
        ? geometry.map(([lon, lat]) => [lat, lon] as [number, number])
        : [route.start, ...route.stops, route.end].map((p): [number, number] => [p.lat, p.lon]);
      L.polyline(line, { color: colour, weight: 4, opacity: 0.85, dashArray: geometry ? undefined : '6 8', interactive: false }).addTo(this.group);
      if (route.start) {
        L.circleMarker([route.start.lat, route.start.lon], { radius: 6, color: colour, fillColor: '#fff', fillOpacity: 1, weight: 3 })
          // Officer names are user text: a string tooltip would be parsed as HTML, an element is not.
          .bindTooltip(textElement(`${label}: start`))
          .addTo(this.group);
      }
      route.stops.forEach((stop, i) => {
        // The road line ends where the car stops; the rest of the way to the door is on foot.
        const onRoad = geometry ? roadPoints?.[i + 1] : undefined;
        if (onRoad && this.map.distance([stop.lat, stop.lon], [onRoad[1], onRoad[0]]) > WALK_LINK_METRES) {
          L.polyline(
            [
              [onRoad[1], onRoad[0]],
              [stop.lat, stop.lon],
            ],
            { color: colour, weight: 2, opacity: 0.8, dashArray: '2 5', interactive: false, className: 'walk-link' },
          ).addTo(this.group);
        }
        const key = visitKey(stop);
        const bad = (stop.violations?.length ?? 0) > 0;
        const classes = ['stop-marker', bad ? 'has-violation' : '', key === selected ? 'selected' : ''].filter(Boolean).join(' ');
        const marker = L.marker([stop.lat, stop.lon], {
          icon: L.divIcon({
            className: classes,
            html: markerNumber(i + 1, colour),
            iconSize: [26, 26],
            iconAnchor: [13, 13],
          }),
          title: `${label}, stop ${i + 1}${bad ? ' (breaks a rule)' : ''}`,
          alt: `Stop ${i + 1}`,
          riseOnHover: true,
          zIndexOffset: key === selected ? 1000 : 0,
        });
        marker.on('click', () => this.onSelect(key));
        marker.on('mouseover', () => hoverList(key, true));
        marker.on('mouseout', () => hoverList(key, false));
        marker.addTo(this.group);
        this.markers.set(key, marker);
      });
    }
  }

  /** Hovering a list item lights its marker (a class toggle: no redraw of the map). */
  hover(key: string, on: boolean): void {
    this.markers.get(key)?.getElement()?.classList.toggle('hovered', on);
  }

  /** Pans to a stop chosen in the list, without changing the zoom the officer picked. */
  reveal(key: string): void {
    const m = this.markers.get(key);
    if (m && !this.map.getBounds().pad(-0.1).contains(m.getLatLng())) this.map.panTo(m.getLatLng());
  }

  fit(): void {
    const b = this.group.getBounds();
    if (b.isValid()) this.map.fitBounds(b, { padding: [24, 24], maxZoom: 16 });
  }
}

function hoverList(key: string, on: boolean): void {
  for (const el of document.querySelectorAll(`[data-key="${CSS.escape(key)}"]`)) el.classList.toggle('hovered', on);
}

export { routeColour };

/**
 * A stop's numbered disc. An element, not an HTML string: a string would be parsed as HTML, and its
 * style attribute refused by the Content-Security-Policy; the CSSOM is allowed.
 */
function markerNumber(n: number, colour: string): HTMLElement {
  const span = textElement(String(n));
  span.style.backgroundColor = colour;
  return span;
}

/** An element holding text as text (Leaflet parses string content as HTML). */
function textElement(text: string): HTMLElement {
  const span = document.createElement('span');
  span.textContent = text;
  return span;
}
