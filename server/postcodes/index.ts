import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { bngToWgs84 } from './grid.js';

export interface PostcodePoint {
  /** The postcode as Code-Point spells it, e.g. 'N11 1NP'. */
  postcode: string;
  lat: number;
  lon: number;
}

/** A lookup by normalised postcode (upper case, no spaces): 'n11 1np' and 'N111NP' both match. */
export interface PostcodeIndex {
  get(postcode: string): PostcodePoint | undefined;
  readonly size: number;
  /** Every point, for the demo generator (which picks real centroids). */
  all(): Iterable<PostcodePoint>;
}

export function normalisePostcode(postcode: string): string {
  return postcode.replace(/\s+/g, '').toUpperCase();
}

/** Code-Point's quality 90 means "no coordinates" (the row is 0, 0): such postcodes are unknown. */
const NO_COORDINATES = 90;

/** Parses one Code-Point Open CSV (no header; quoted postcode, quality, eastings, northings, ...). */
export function parseCodePoint(text: string, into: Map<string, PostcodePoint>): void {
  for (const line of text.split(/\r?\n/)) {
    if (line === '') continue;
    const cols = line.split(',');
    const postcode = cols[0].replace(/"/g, '').trim();
    const quality = Number(cols[1]);
    const easting = Number(cols[2]);
    const northing = Number(cols[3]);
    if (!postcode || quality >= NO_COORDINATES || !Number.isFinite(easting) || !Number.isFinite(northing)) continue;
    if (easting === 0 && northing === 0) continue;
    const { lat, lon } = bngToWgs84(easting, northing);
    into.set(normalisePostcode(postcode), { postcode: postcode.replace(/\s+/g, ' '), lat, lon });
  }
}

export function postcodeIndexFrom(points: Map<string, PostcodePoint>): PostcodeIndex {
  return {
    get: (postcode) => points.get(normalisePostcode(postcode)),
    get size() {
      return points.size;
    },
    all: () => points.values(),
  };
}

/** Loads every Code-Point CSV in `dir` except the column-headers file. */
export function loadPostcodeIndex(dir: string): PostcodeIndex {
  const points = new Map<string, PostcodePoint>();
  const files = readdirSync(dir).filter((f) => f.endsWith('.csv') && !/headers/i.test(f));
  if (files.length === 0) throw new Error(`No Code-Point Open CSV files in ${dir}`);
  for (const file of files) parseCodePoint(readFileSync(join(dir, file), 'utf8'), points);
  return postcodeIndexFrom(points);
}

export const DEFAULT_POSTCODE_DIR = new URL('../../data/postcodes/', import.meta.url).pathname;
