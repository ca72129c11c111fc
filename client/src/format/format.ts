/**
 * Display formats. Times are always shown in Europe/London whatever the laptop's own zone,
 * because statutory visiting hours are London wall-clock times.
 */

const LONDON = 'Europe/London';

const hhmm = new Intl.DateTimeFormat('en-GB', { timeZone: LONDON, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const longDate = new Intl.DateTimeFormat('en-GB', { timeZone: LONDON, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
const isoParts = new Intl.DateTimeFormat('en-CA', {
  timeZone: LONDON,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function parseInstant(iso: string): Date {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) throw new RangeError(`Not a date-time: ${JSON.stringify(iso)}`);
  return d;
}

/** '2026-03-29T10:05:00+01:00' -> '10:05' (London). */
export function londonTime(iso: string): string {
  return hhmm.format(parseInstant(iso));
}

/** 'YYYY-MM-DD' -> 'Sunday 29 March 2026'; the date is read as a London calendar date. */
export function londonLongDate(date: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new RangeError(`Not a date: ${JSON.stringify(date)}`);
  // Noon UTC is the same calendar day in London in every season.
  // Built from parts: ICU versions differ on the comma after the weekday.
  const p = Object.fromEntries(longDate.formatToParts(new Date(`${date}T12:00:00Z`)).map((x) => [x.type, x.value]));
  return `${p.weekday} ${p.day} ${p.month} ${p.year}`;
}

/** The London calendar date of an instant, 'YYYY-MM-DD'. */
export function londonDate(instant: Date): string {
  const p = Object.fromEntries(isoParts.formatToParts(instant).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}`;
}

/** An instant as an ISO string with London's offset, e.g. '2026-07-01T14:30:00+01:00' (what the server expects). */
export function londonIso(instant: Date): string {
  const p = Object.fromEntries(isoParts.formatToParts(instant).map((x) => [x.type, x.value]));
  const wall = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second);
  const offsetMin = Math.round((wall - Math.floor(instant.getTime() / 1000) * 1000) / 60000);
  const sign = offsetMin >= 0 ? '+' : '-';
  const abs = Math.abs(offsetMin);
  const off = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}${off}`;
}

const pounds = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', maximumFractionDigits: 0 });
const poundsPence = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', minimumFractionDigits: 2, maximumFractionDigits: 2 });

export function money(amount: number, pence = false): string {
  return (pence ? poundsPence : pounds).format(amount);
}

export function miles(value: number): string {
  return `${value.toFixed(value < 10 ? 1 : 0)} mi`;
}

/** Minutes as '45 min' or '1 h 05 min'. */
export function duration(minutes: number): string {
  const m = Math.round(minutes);
  if (m < 60) return `${m} min`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

/** A metres distance for turn-by-turn: '250 m' or '1.2 km'. */
export function metres(d: number): string {
  return d < 1000 ? `${Math.round(d / 10) * 10} m` : `${(d / 1000).toFixed(1)} km`;
}

/**
 * The time band a stop is planned in: 'Saturday morning 06:00–12:00'. Plans saved before bands had
 * labels show the band's id; band 'none' is a stop with no lawful window that day.
 */
export function bandWindow(window: { start: string; end: string; band?: string; label?: string }): string {
  if (window.band === 'none') return 'no lawful window';
  const times = window.start && window.end ? `${window.start}–${window.end}` : '';
  const name = window.label ?? window.band ?? 'window';
  return times ? `${name} ${times}` : name;
}
