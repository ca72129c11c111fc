/**
 * Where a case may lie: England and Wales, the only jurisdiction of the Taking Control of Goods
 * Regulations 2013 (reg 1(2)). The outline below is a hand-simplified polygon of 36 points, honest
 * about its precision: it follows the Scottish border and the inner Solway Firth to about 3 km
 * (Gretna, Annan, Kelso and Newcastleton fall outside; Berwick-upon-Tweed, Kielder and Bowness-on-
 * Solway inside; Coldstream, across the Tweed from Cornhill, is within that margin), and elsewhere
 * runs 5-30 km out to sea round the coast, the Isles of Scilly, Anglesey and Lundy, keeping out the
 * Isle of Man, Ireland, the Channel Islands and France. A point a little offshore passes here; the
 * distance from its postcode's centroid (case-csv.ts) catches a misplaced point near the coast.
 * 0, 0 (a classic export fault) is far outside.
 */
import { booleanPointInPolygon, distance, point, polygon } from '@turf/turf';

/** [longitude, latitude], clockwise from the Solway Firth along the Scottish border. */
const OUTLINE: Array<[number, number]> = [
  [-3.45, 54.93], // Solway Firth, off Silloth
  [-3.06, 54.975], // the Sark's mouth: the border
  [-2.97, 55.06],
  [-2.82, 55.14], // Kershope
  [-2.58, 55.27], // Deadwater
  [-2.47, 55.36], // Carter Bar
  [-2.2, 55.45], // the Cheviot
  [-2.33, 55.63], // Carham, on the Tweed
  [-2.1, 55.75],
  [-2.03, 55.815], // Marshall Meadows, north of Berwick
  [-1.5, 55.8], // off Holy Island and the Farnes
  [-1.1, 54.95], // off the Tyne
  [0.1, 54.3], // off Flamborough Head
  [0.6, 53.4], // off Spurn and Lincolnshire
  [1.9, 52.95], // off Norfolk
  [1.95, 52.4], // off Lowestoft
  [1.6, 51.45], // off North Foreland
  [1.45, 51.12], // the Strait of Dover, west of Cap Gris-Nez
  [1.05, 50.82], // off Dungeness
  [0.3, 50.65], // off Beachy Head
  [-1.3, 50.5], // south of the Isle of Wight
  [-2.45, 50.45], // off Portland Bill
  [-3.6, 50.15], // off Start Point
  [-5.2, 49.9], // off the Lizard
  [-6.5, 49.82], // south-west of the Isles of Scilly
  [-6.55, 50.05],
  [-5.9, 50.25], // off St Ives Bay
  [-4.85, 51.25], // west of Lundy
  [-5.45, 51.65], // off Skomer
  [-5.5, 51.9], // off St Davids Head
  [-4.95, 52.75], // west of Bardsey
  [-4.85, 53.3], // west of Holy Island, Anglesey
  [-4.45, 53.5], // north of Anglesey
  [-3.45, 54.0], // off Walney, south-east of the Isle of Man
  [-3.75, 54.5], // off St Bees Head
  [-3.6, 54.7], // off Workington
  [-3.45, 54.93],
];

const ENGLAND_AND_WALES = polygon([OUTLINE]);

export function inEnglandOrWales(lat: number, lon: number): boolean {
  return booleanPointInPolygon(point([lon, lat]), ENGLAND_AND_WALES);
}

/** Great-circle distance in kilometres between two points. */
export function kilometresBetween(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  return distance(point([a.lon, a.lat]), point([b.lon, b.lat]), { units: 'kilometers' });
}
