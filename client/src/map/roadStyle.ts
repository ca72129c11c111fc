/** How the offline base map draws a road of a given OSM highway class at a given zoom. */

export interface RoadStyle {
  color: string;
  weight: number;
  /** Smallest zoom at which the class is drawn at all (keeps low zooms readable and fast). */
  minZoom: number;
}

const CLASSES: Record<string, { color: string; width: number; minZoom: number }> = {
  motorway: { color: '#e892a2', width: 4, minZoom: 0 },
  trunk: { color: '#f9b29c', width: 4, minZoom: 0 },
  primary: { color: '#fcd6a4', width: 3.5, minZoom: 0 },
  secondary: { color: '#f7fabf', width: 3, minZoom: 0 },
  tertiary: { color: '#ffffff', width: 2.5, minZoom: 12 },
  unclassified: { color: '#ffffff', width: 2, minZoom: 13 },
  residential: { color: '#ffffff', width: 2, minZoom: 13 },
  living_street: { color: '#ededed', width: 1.5, minZoom: 14 },
  service: { color: '#ffffff', width: 1, minZoom: 15 },
};

/** 'primary_link' draws like 'primary'; unknown classes as minor roads. */
export function roadStyle(highway: unknown, zoom: number): RoadStyle {
  const cls = typeof highway === 'string' ? highway.replace(/_link$/, '') : '';
  const c = CLASSES[cls] ?? { color: '#f3f3f3', width: 1, minZoom: 15 };
  const scale = zoom >= 16 ? 2 : zoom >= 14 ? 1.4 : 1;
  return { color: c.color, weight: c.width * scale, minZoom: c.minZoom };
}
