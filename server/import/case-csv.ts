import { CsvError, parse, type Info } from 'csv-parse';
import { finished, Transform, type Readable } from 'node:stream';
import { NOTICE_METHODS, NOTICE_PERIOD_DAYS } from '../../solver/rules/notice.js';
import type { Case, DebtType, Premises } from '../../solver/rules/types.js';
import type { PostcodeIndex } from '../postcodes/index.js';
import { inEnglandOrWales, kilometresBetween } from './england-wales.js';
import {
  FIELD_MAX_LENGTH,
  MAX_RECORD_CHARS,
  parseCoordinate,
  parseDateTime,
  parseEnum,
  parseIsoDate,
  parseList,
  parseMoney,
  parseNoticePeriod,
  parsePostcodeFormat,
  parseTradingHours,
  parseYesNo,
  quote,
  type Parsed,
} from './fields.js';

/** One problem in an import file. Rows count as a spreadsheet shows them: the header is row 1. */
export interface RowError {
  row: number;
  field: string;
  message: string;
}

export const REQUIRED_COLUMNS = [
  'case_ref',
  'debtor_ref',
  'name',
  'address',
  'postcode',
  'debt_type',
  'balance',
  'liability_order_date',
  'notice_date',
] as const;
export const OPTIONAL_COLUMNS = [
  'lat',
  'lon',
  'premises',
  'trading_hours',
  'vulnerable',
  'warning',
  'do_not_visit',
  'previous_attempts',
  'notice_method',
  'notice_period_days',
  'breathing_space_until',
] as const;
const KNOWN = new Set<string>([...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS]);

const DEBT_TYPES: readonly DebtType[] = ['council_tax', 'nndr', 'bid', 'hbop'];
const PREMISES: readonly Premises[] = ['domestic', 'business'];

/** Stops a hostile or broken file from producing an unbounded error list. */
const MAX_ERRORS = 5000;
/** A council's whole allocated caseload fits many times over; beyond this the file is refused. */
export const MAX_ROWS = 200_000;

/** `rows[i]` is the spreadsheet row `cases[i]` was read from, so that the answer can point back at it. */
export type ImportResult = { ok: true; cases: Case[]; rows: number[] } | { ok: false; errors: RowError[] };

/** The file went past `maxBytes`: reading stopped there. */
export class ImportTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`the file is larger than ${maxBytes} bytes`);
    this.name = 'ImportTooLargeError';
  }
}

/** The upload ended before the file did (the client went away): nothing of it is used. */
export class ImportAbortedError extends Error {
  constructor() {
    super('the upload ended before the end of the file');
    this.name = 'ImportAbortedError';
  }
}

export interface ImportLimits {
  /** Bytes read from a stream before ImportTooLargeError. */
  maxBytes: number;
  /** Given coordinates further than this from their postcode's centroid are a row error (settings.importChecks). */
  postcodeDistanceKm?: number;
}

/** The default of settings.importChecks.postcodeDistanceKm. */
export const DEFAULT_POSTCODE_DISTANCE_KM = 2;

/**
 * The stream the parser reads: counts bytes and fails past the cap, and fails when the upload
 * stops short. `pipe` alone would leave the parser waiting forever on an aborted request; the
 * source itself is never destroyed, so that an answer can still be sent on its connection.
 */
function guarded(input: Readable, maxBytes: number): Transform {
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      if (bytes > maxBytes) done(new ImportTooLargeError(maxBytes));
      else done(null, chunk);
    },
  });
  const stopWatching = finished(input, { writable: false }, (err) => {
    if (err) counter.destroy(new ImportAbortedError());
  });
  counter.on('close', () => {
    stopWatching();
    input.unpipe(counter);
  });
  input.pipe(counter);
  return counter;
}

/**
 * Reads a revenues-system CSV export into cases, collecting every problem rather than stopping at
 * the first: the user fixes the file once. Nothing is returned as cases unless every row is valid.
 */
export async function readCaseCsv(
  input: Readable | string,
  postcodes: PostcodeIndex,
  limits: ImportLimits = { maxBytes: Number.POSITIVE_INFINITY },
): Promise<ImportResult> {
  const errors: RowError[] = [];
  const cases: Case[] = [];
  const rows: number[] = [];
  const firstRowOfRef = new Map<string, number>();
  let header: string[] | undefined;
  let recordIndex = 0;
  let skipped = 0;
  // Blank lines are rows in a spreadsheet, not records to the parser: counted back into row numbers.
  let emptyLines = 0;
  const emptyLinesIn = (err: unknown) => (err as { empty_lines?: number } | undefined)?.empty_lines ?? emptyLines;

  const report = (row: number, field: string, message: string) => {
    if (errors.length < MAX_ERRORS) errors.push({ row, field, message });
  };

  const parser = parse({
    bom: true,
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
    trim: false,
    skip_records_with_error: true,
    // Past this the parser stops: an unclosed quote or a runaway field is not read into memory.
    max_record_size: MAX_RECORD_CHARS,
    on_skip: (err) => {
      // Thrown, the parser's error ends the file (a skipped over-long record would be reported once per character).
      if (err?.code === 'CSV_MAX_RECORD_SIZE') throw err;
      skipped++;
      recordIndex++;
      emptyLines = emptyLinesIn(err);
      report(recordIndex + emptyLines, '*', `malformed CSV: ${err?.message ?? 'unreadable record'}`);
      return undefined;
    },
  });
  let source: Transform | undefined;
  if (typeof input === 'string') parser.end(input);
  else {
    source = guarded(input, limits.maxBytes);
    source.on('error', (err) => parser.destroy(err));
    source.pipe(parser);
  }

  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: Info }>) {
      recordIndex++;
      emptyLines = info.empty_lines;
      const row = recordIndex + emptyLines;
      if (recordIndex > MAX_ROWS + 1) {
        report(row, '*', `the file has more than ${MAX_ROWS} rows: split it`);
        parser.destroy();
        break;
      }
      if (!header) {
        header = record.map((h) => h.trim().toLowerCase().replace(/\s+/g, '_'));
        const problems = checkHeader(header);
        if (problems.length > 0) return { ok: false, errors: problems };
        continue;
      }
      if (record.length === 1 && record[0].trim() === '') continue;
      if (record.length !== header.length) {
        report(row, '*', `malformed row: expected ${header.length} fields, found ${record.length}`);
        continue;
      }
      const fields: Record<string, string> = {};
      header.forEach((h, i) => (fields[h] = record[i] ?? ''));
      const c = readRow(row, fields, postcodes, limits.postcodeDistanceKm ?? DEFAULT_POSTCODE_DISTANCE_KM, report);
      if (!c) continue;
      const first = firstRowOfRef.get(c.ref);
      if (first !== undefined) {
        report(row, 'case_ref', `duplicate case_ref ${quote(c.ref)}: already on row ${first}`);
        continue;
      }
      firstRowOfRef.set(c.ref, row);
      cases.push(c);
      rows.push(row);
    }
  } catch (err) {
    // The upload's own failures (too large, aborted) are the caller's to answer.
    if (!(err instanceof CsvError)) throw err;
    // A fatal parse error (e.g. an unclosed quote) ends the file: report where it happened. The
    // parser counts the records it gave (some perhaps not yet read here); skipped ones are ours.
    const records = (err as CsvError & { records?: number }).records;
    const row = (typeof records === 'number' ? records + skipped : recordIndex) + 1 + emptyLinesIn(err);
    if (err.code === 'CSV_MAX_RECORD_SIZE') {
      report(row, '*', `the row is longer than ${MAX_RECORD_CHARS} characters (an unclosed quote?); reading stopped there`);
    } else report(row, '*', `malformed CSV: ${err.message}`);
  } finally {
    // However reading ended, stop watching the upload (what is left of it is not read).
    source?.destroy();
  }

  if (!header) return { ok: false, errors: errors.length > 0 ? errors : [{ row: 1, field: '*', message: 'the file is empty: expected a header row' }] };
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, cases, rows };
}

function checkHeader(header: string[]): RowError[] {
  const errors: RowError[] = [];
  const seen = new Set<string>();
  for (const h of header) {
    if (!KNOWN.has(h)) errors.push({ row: 1, field: h, message: `unknown column ${quote(h)}; the columns are ${[...KNOWN].join(', ')}` });
    if (seen.has(h)) errors.push({ row: 1, field: h, message: `column ${quote(h)} appears twice` });
    seen.add(h);
  }
  for (const r of REQUIRED_COLUMNS) if (!seen.has(r)) errors.push({ row: 1, field: r, message: `missing required column ${r}` });
  if (seen.has('lat') !== seen.has('lon')) errors.push({ row: 1, field: seen.has('lat') ? 'lon' : 'lat', message: 'lat and lon go together' });
  return errors;
}

function readRow(
  row: number,
  f: Record<string, string>,
  postcodes: PostcodeIndex,
  postcodeDistanceKm: number,
  report: (row: number, field: string, message: string) => void,
): Case | undefined {
  // Over-long fields are reported and the row goes no further: its values are not parsed.
  const tooLong = Object.keys(f).filter((field) => f[field].trim().length > (FIELD_MAX_LENGTH[field] ?? 0));
  for (const field of tooLong) report(row, field, `${field} is longer than ${FIELD_MAX_LENGTH[field]} characters`);
  if (tooLong.length > 0) return undefined;

  let valid = true;
  const take = <T>(field: string, r: Parsed<T>): T | undefined => {
    if (r.ok) return r.value;
    valid = false;
    report(row, field, r.message);
    return undefined;
  };
  const required = (field: string): string | undefined => {
    const v = (f[field] ?? '').trim();
    if (v === '') return take<string>(field, { ok: false, message: `${field} is required` });
    return v;
  };

  const ref = required('case_ref');
  const debtorRef = required('debtor_ref');
  const name = required('name');
  const address = required('address');
  const rawPostcode = required('postcode');
  const postcode = rawPostcode === undefined ? undefined : take('postcode', parsePostcodeFormat(rawPostcode));
  const debtType = take('debt_type', parseEnum(f.debt_type ?? '', DEBT_TYPES));
  const balance = take('balance', parseMoney(f.balance ?? ''));
  const liabilityOrderDate = take('liability_order_date', parseIsoDate(f.liability_order_date ?? ''));
  const noticeDate = take('notice_date', parseIsoDate(f.notice_date ?? ''));
  if (liabilityOrderDate && noticeDate && noticeDate < liabilityOrderDate) {
    take('notice_date', { ok: false, message: `notice_date ${noticeDate} is before liability_order_date ${liabilityOrderDate}` });
  }
  const premises = (f.premises ?? '').trim() === '' ? 'domestic' : take('premises', parseEnum(f.premises, PREMISES));
  const tradingHours = (f.trading_hours ?? '').trim() === '' ? undefined : take('trading_hours', parseTradingHours(f.trading_hours));
  const vulnerable = take('vulnerable', parseYesNo(f.vulnerable ?? ''));
  const warning = take('warning', parseYesNo(f.warning ?? ''));
  const doNotVisit = take('do_not_visit', parseList(f.do_not_visit ?? '', parseIsoDate));
  const previousAttempts = take('previous_attempts', parseList(f.previous_attempts ?? '', parseDateTime));
  const optional = <T>(field: string, parse: (raw: string) => Parsed<T>): T | undefined =>
    (f[field] ?? '').trim() === '' ? undefined : take(field, parse(f[field]));
  const noticeMethod = optional('notice_method', (raw) => parseEnum(raw, NOTICE_METHODS));
  const noticePeriodDays = optional('notice_period_days', (raw) => parseNoticePeriod(raw, NOTICE_PERIOD_DAYS));
  const breathingSpaceUntil = optional('breathing_space_until', parseIsoDate);

  let lat: number | undefined;
  let lon: number | undefined;
  const rawLat = (f.lat ?? '').trim();
  const rawLon = (f.lon ?? '').trim();
  if (rawLat !== '' || rawLon !== '') {
    if (rawLat === '') take('lat', { ok: false, message: 'lat is empty but lon is given: give both or neither' });
    else lat = take('lat', parseCoordinate(rawLat, -90, 90, 'latitude'));
    if (rawLon === '') take('lon', { ok: false, message: 'lon is empty but lat is given: give both or neither' });
    else lon = take('lon', parseCoordinate(rawLon, -180, 180, 'longitude'));
  } else if (postcode) {
    const point = postcodes.get(postcode);
    if (!point) take('postcode', { ok: false, message: `unknown postcode ${quote(postcode)}: give lat and lon for it` });
    else {
      lat = point.lat;
      lon = point.lon;
    }
  }
  if (lat !== undefined && lon !== undefined) {
    // Given coordinates are judged as given; a postcode's as its own (field 'postcode').
    const given = rawLat !== '';
    const field = given ? 'lat' : 'postcode';
    const centroid = given && postcode ? postcodes.get(postcode) : undefined;
    if (!inEnglandOrWales(lat, lon)) {
      take(field, { ok: false, message: `lat, lon ${lat}, ${lon} lie outside England and Wales, where the Taking Control of Goods Regulations apply` });
    } else if (centroid && kilometresBetween({ lat, lon }, centroid) > postcodeDistanceKm) {
      const km = kilometresBetween({ lat, lon }, centroid).toFixed(1);
      take(field, {
        ok: false,
        message: `lat, lon lie ${km} km from the centre of postcode ${quote(postcode!)}, more than ${postcodeDistanceKm} km: check both`,
      });
    }
  }

  if (!valid) return undefined;
  const c: Case = {
    ref: ref!,
    debtorRef: debtorRef!,
    name: name!,
    address: address!,
    postcode: postcode!,
    lat: lat!,
    lon: lon!,
    debtType: debtType!,
    balance: balance!,
    liabilityOrderDate: liabilityOrderDate!,
    noticeDate: noticeDate!,
    premises: premises!,
    vulnerable: vulnerable!,
    warning: warning!,
    doNotVisit: doNotVisit!,
    previousAttempts: previousAttempts!,
    // A vulnerability flag holds the debtor, not the case: the store sets the hold (solver/rules/person.ts).
    status: 'open',
  };
  if (tradingHours) c.tradingHours = tradingHours;
  if (noticeMethod) c.noticeMethod = noticeMethod;
  if (noticePeriodDays) c.noticePeriodDays = noticePeriodDays;
  if (breathingSpaceUntil) c.breathingSpaceUntil = breathingSpaceUntil;
  return c;
}
