/**
 * The outline of the road data in use on the team leader's map: cases beyond it are not planned
 * (or planned on straight-line estimates), so the team sees at a glance whether its caseload lies
 * inside the roads the server knows. A view of state.roadArea; it keeps nothing else.
 */
import L from 'leaflet';
import type { RoadArea } from '../api/schemas';

export class AreaOutline {
  private readonly group = L.layerGroup();

  constructor(map: L.Map) {
    this.group.addTo(map);
  }

  /** Draws the area's outline, or nothing (another view, or a backend that knows no area). */
  render(area: RoadArea | null): void {
    this.group.clearLayers();
    const ring = area?.outline?.coordinates[0];
    if (!area || !ring) return;
    const name = area.label ?? area.source ?? 'road data';
    L.polygon(
      ring.map(([lon, lat]) => [lat, lon] as [number, number]),
      { color: '#5b4a8a', weight: 2, dashArray: '8 6', fill: false, interactive: true, className: 'road-area-outline' },
    )
      // The name is the admin's text: an element, not a string Leaflet would parse as HTML.
      .bindTooltip(textElement(`Road data in use: ${name}`), { sticky: true })
      .addTo(this.group);
  }
}

function textElement(text: string): HTMLElement {
  const span = document.createElement('span');
  span.textContent = text;
  return span;
}
