import { DateTime } from 'luxon';
import type { Case, Crew, DebtType, Officer } from '../../solver/rules/types.js';
import type { PostcodeIndex, PostcodePoint } from '../postcodes/index.js';
import type { OnRoad } from './road-filter.js';
import { Random } from './random.js';

/** The demo road area (the shipped OSM extract: Friern Barnet, New Southgate, Bounds Green, Palmers Green). */
export const DEMO_AREA = { minLon: -0.1585, minLat: 51.5978, maxLon: -0.0949, maxLat: 51.6316 };
const ZONE = 'Europe/London';

export interface DemoOptions {
  /** The day the demo is seeded (YYYY-MM-DD): notice dates spread over the 14 months before it. */
  seedDate: string;
  seed?: number;
  /** Open cases to generate (default 1,500). */
  cases?: number;
  /** Where the cases are (default the demo road area); the agency benchmark spreads them wider. */
  area?: Area;
}

export interface Area {
  minLon: number;
  minLat: number;
  maxLon: number;
  maxLat: number;
}

export interface Demo {
  cases: Case[];
  officers: Officer[];
  crews: Crew[];
}

// Clearly synthetic people and streets: the demo must never look like real debtors.
const FIRST = ['Alex', 'Sam', 'Jo', 'Chris', 'Pat', 'Robin', 'Kim', 'Lee', 'Morgan', 'Taylor', 'Jamie', 'Casey', 'Drew', 'Ash', 'Riley', 'Jordan'];
const LAST = ['Example', 'Sample', 'Testwell', 'Demoson', 'Placeholder', 'Fictional', 'Madeup', 'Synthetic', 'Mockford', 'Dummy', 'Specimen', 'Prototype'];
const STREET = ['Sample Road', 'Example Avenue', 'Demo Close', 'Test Lane', 'Fiction Gardens', 'Placeholder Way', 'Synthetic Crescent', 'Mock Street'];
const BUSINESS = ['Demo Cafe Ltd', 'Example Motors', 'Sample Newsagent', 'Test Dry Cleaners', 'Fictional Barbers', 'Placeholder Foods'];
const TRADING_HOURS = ['Mo-Fr 09:00-17:30', 'Mo-Fr 09:00-17:30; Sa 10:00-16:00', 'Mo-Sa 07:00-19:00', 'Tu-Su 11:00-22:00', 'Mo-Fr 06:00-14:00'];

const PREFIX: Record<DebtType, string> = { council_tax: 'CT', nndr: 'NR', bid: 'BD', hbop: 'HB' };

/** Offices and homes inside the area (street positions, not people's addresses). */
const FRIERN_BARNET_OFFICE = { lat: 51.6127, lon: -0.1408 };
const NEW_SOUTHGATE = { lat: 51.6147, lon: -0.1285 };
const PALMERS_GREEN = { lat: 51.6181, lon: -0.1107 };
const BOUNDS_GREEN = { lat: 51.6071, lon: -0.1245 };

function inArea(p: PostcodePoint, area: Area): boolean {
  return p.lon > area.minLon && p.lon < area.maxLon && p.lat > area.minLat && p.lat < area.maxLat;
}

function isoLocal(date: DateTime): string {
  return date.toISO({ suppressMilliseconds: true })!;
}

/**
 * About 1,500 open cases at real Code-Point postcode centroids near the demo area's roads, with the shape of
 * a real caseload: right-skewed balances (median ~£600), mostly council tax, notices over 14 months
 * (some expired, some not yet eligible), a few business premises, vulnerable and warning-marker
 * cases, prior attempts for a third, and some debtors with several cases at one address.
 */
export function generateDemo(postcodes: PostcodeIndex, options: DemoOptions, onRoad: OnRoad): Demo {
  const rnd = new Random(options.seed ?? 20260726);
  const target = options.cases ?? 1500;
  const seedDay = DateTime.fromISO(options.seedDate, { zone: ZONE });
  if (!seedDay.isValid) throw new Error(`seed date ${JSON.stringify(options.seedDate)} is not a date YYYY-MM-DD`);

  const area = options.area ?? DEMO_AREA;
  const points = [...postcodes.all()].filter((p) => inArea(p, area) && onRoad(p.lon, p.lat)).sort((a, b) => a.postcode.localeCompare(b.postcode));
  if (points.length === 0) throw new Error('no postcodes near the roads of the demo area: is data/postcodes/n.csv present?');

  const cases: Case[] = [];
  let debtorNo = 0;
  const counters: Record<DebtType, number> = { council_tax: 0, nndr: 0, bid: 0, hbop: 0 };

  while (cases.length < target) {
    debtorNo++;
    const point = rnd.pick(points);
    const business = rnd.chance(0.05);
    const debtorRef = `D${String(debtorNo).padStart(6, '0')}`;
    const name = business ? rnd.pick(BUSINESS) : `${rnd.pick(FIRST)} ${rnd.pick(LAST)}`;
    const address = `${rnd.int(1, 240)} ${rnd.pick(STREET)}, London ${point.postcode}`;
    // About one debtor in twelve has two or three liability orders at the same address.
    const count = Math.min(target - cases.length, rnd.chance(0.08) ? rnd.int(2, 3) : 1);
    const vulnerable = rnd.chance(0.03);
    const warning = rnd.chance(0.04);
    const tradingHours = business ? rnd.pick(TRADING_HOURS) : undefined;
    for (let k = 0; k < count; k++) {
      const debtType: DebtType = business
        ? rnd.weighted([
            ['nndr', 0.8],
            ['bid', 0.2],
          ] as const)
        : rnd.weighted([
            ['council_tax', 0.85],
            ['hbop', 0.15],
          ] as const);
      counters[debtType]++;
      // Lognormal around £600 (sigma 0.85 puts the 90th percentile near £1,800), clipped to 150..8,000.
      const balance = Math.round(Math.min(8000, Math.max(150, Math.exp(Math.log(600) + 0.85 * rnd.normal()))) * 100) / 100;
      const notice = seedDay.minus({ days: rnd.int(0, 426) });
      const liability = notice.minus({ days: rnd.int(14, 90) });
      const previousAttempts: string[] = [];
      if (rnd.chance(1 / 3)) {
        const attempts = rnd.int(1, 3);
        const daysSinceNotice = Math.floor(seedDay.diff(notice, 'days').days);
        for (let a = 0; a < attempts && daysSinceNotice > 10; a++) {
          const day = notice.plus({ days: rnd.int(10, daysSinceNotice - 1) });
          const at = day.set({ hour: rnd.int(7, 19), minute: rnd.pick([0, 15, 30, 45]) });
          previousAttempts.push(isoLocal(at));
        }
        previousAttempts.sort();
      }
      const doNotVisit = rnd.chance(0.01) ? [seedDay.plus({ days: rnd.int(1, 20) }).toISODate()] : [];
      const c: Case = {
        ref: `${PREFIX[debtType]}-${String(counters[debtType]).padStart(6, '0')}`,
        debtorRef,
        name,
        address,
        postcode: point.postcode,
        lat: point.lat,
        lon: point.lon,
        debtType,
        balance,
        liabilityOrderDate: liability.toISODate(),
        noticeDate: notice.toISODate(),
        premises: business ? 'business' : 'domestic',
        vulnerable,
        warning,
        doNotVisit,
        previousAttempts,
        // A vulnerable debtor is held by the store (solver/rules/person.ts), not the case suspended.
        status: 'open',
      };
      if (tradingHours) c.tradingHours = tradingHours;
      cases.push(c);
    }
  }

  const base = { unavailableDates: [], breakMinutes: 30, saturdayQuota: 2 };
  const officers: Officer[] = [
    {
      ...base,
      id: 'officer-1',
      name: 'Officer One (demo)',
      start: FRIERN_BARNET_OFFICE,
      end: FRIERN_BARNET_OFFICE,
      shiftStart: '08:00',
      shiftEnd: '16:30',
      workingDays: [1, 2, 3, 4, 5, 6],
      breakWindow: { start: '12:00', end: '14:00' },
      skills: ['removal'],
    },
    {
      ...base,
      id: 'officer-2',
      name: 'Officer Two (demo)',
      start: FRIERN_BARNET_OFFICE,
      end: FRIERN_BARNET_OFFICE,
      shiftStart: '07:00',
      shiftEnd: '15:30',
      // Monday to Friday, on the Saturday rota: the planner chooses two Saturdays a month.
      workingDays: [1, 2, 3, 4, 5],
      saturdayRota: true,
      breakWindow: { start: '11:30', end: '13:30' },
      skills: [],
    },
    {
      ...base,
      id: 'officer-3',
      name: 'Officer Three (demo)',
      start: NEW_SOUTHGATE,
      end: FRIERN_BARNET_OFFICE,
      shiftStart: '12:30',
      shiftEnd: '21:00',
      workingDays: [1, 2, 3, 4, 5],
      saturdayRota: true,
      breakWindow: { start: '16:30', end: '18:30' },
      skills: [],
    },
    {
      ...base,
      id: 'officer-4',
      name: 'Officer Four (demo)',
      start: PALMERS_GREEN,
      end: PALMERS_GREEN,
      shiftStart: '10:00',
      shiftEnd: '18:30',
      workingDays: [2, 3, 4, 5, 6],
      breakWindow: { start: '13:00', end: '15:00' },
      skills: ['removal'],
    },
    {
      ...base,
      id: 'officer-5',
      name: 'Officer Five (demo)',
      start: BOUNDS_GREEN,
      end: FRIERN_BARNET_OFFICE,
      shiftStart: '09:00',
      shiftEnd: '17:30',
      workingDays: [1, 2, 3, 4, 5, 6],
      breakWindow: { start: '12:30', end: '14:30' },
      skills: [],
    },
    {
      ...base,
      id: 'officer-6',
      name: 'Officer Six (demo)',
      start: BOUNDS_GREEN,
      end: FRIERN_BARNET_OFFICE,
      shiftStart: '09:00',
      shiftEnd: '17:30',
      workingDays: [1, 2, 3, 4, 5, 6],
      breakWindow: { start: '12:30', end: '14:30' },
      skills: ['removal'],
    },
  ];
  // Officers five and six work as a crew: the only way warning-marker addresses are visited.
  const crews: Crew[] = [{ id: 'crew-1', officerIds: ['officer-5', 'officer-6'] }];
  return { cases, officers, crews };
}
