import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { createRoutingBackend } from '../../solver/roads/index.js';
import { buildApp, type AppOptions } from '../../server/app.js';
import { DEFAULT_POSTCODE_DIR, loadPostcodeIndex, type PostcodeIndex } from '../../server/postcodes/index.js';
import { SqliteStore } from '../../server/store/sqlite.js';

let postcodes: PostcodeIndex | undefined;

/** The real Code-Point index, read once per test file (it is immutable). */
export function realPostcodes(): PostcodeIndex {
  postcodes ??= loadPostcodeIndex(DEFAULT_POSTCODE_DIR);
  return postcodes;
}

export interface TestApp {
  app: FastifyInstance;
  store: SqliteStore;
  dir: string;
  /** Everything pino wrote, when `captureLogs` was set. */
  logs: () => string;
  close: () => Promise<void>;
}

/** An app on a real SQLite file in a fresh temp dir, with straight-line routing unless told otherwise. */
export async function makeApp(options: { captureLogs?: boolean; extra?: Partial<AppOptions> | ((dir: string) => Partial<AppOptions>) } = {}): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'rounds-server-'));
  const store = new SqliteStore(join(dir, 'rounds.sqlite'));
  let logText = '';
  const stream = new Writable({
    write(chunk, _enc, done) {
      logText += chunk.toString();
      done();
    },
  });
  const routingConfig = { backend: 'haversine' as const };
  const app = await buildApp({
    store,
    postcodes: realPostcodes(),
    routing: await createRoutingBackend(routingConfig),
    routingConfig,
    logger: options.captureLogs ? { level: 'debug', stream } : false,
    ...(typeof options.extra === 'function' ? options.extra(dir) : options.extra),
  });
  await app.ready();
  return {
    app,
    store,
    dir,
    logs: () => logText,
    close: async () => {
      await app.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const CSV_HEADER =
  'case_ref,debtor_ref,name,address,postcode,lat,lon,debt_type,balance,liability_order_date,notice_date,premises,trading_hours,vulnerable,warning,do_not_visit,previous_attempts';

export function csvBody(rows: string[], header = CSV_HEADER): string {
  return [header, ...rows].join('\n') + '\n';
}

export async function importCsv(app: FastifyInstance, body: string, user = 'tester') {
  return app.inject({ method: 'POST', url: '/api/cases/import', headers: { 'content-type': 'text/csv', 'x-rounds-user': user }, payload: body });
}

export const OFFICER = {
  id: 'officer-a',
  name: 'Officer A',
  start: { lat: 51.6127, lon: -0.1408 },
  end: { lat: 51.6127, lon: -0.1408 },
  shiftStart: '08:00',
  shiftEnd: '16:30',
  workingDays: [1, 2, 3, 4, 5],
  unavailableDates: [],
  breakMinutes: 30,
  breakWindow: { start: '12:00', end: '14:00' },
  skills: [],
  saturdayQuota: 2,
};
