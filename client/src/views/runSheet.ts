/**
 * The printable run sheet (A4, see print.css): one officer's day on paper, with room for notes.
 * The order, times and flags are the plan's; the debtors' names and addresses are the server's
 * run sheet, fetched when the user prints (state.runSheet), so that each printing is recorded.
 */
import type { RunSheet } from '../api/rounds';
import type { AppState } from '../state/store';
import { routeIndexFor, routeName } from '../state/store';
import { routineCheckIns, stopCheckIns } from '../format/checkIns';
import { FLAG_LABELS, stopFlags } from '../format/flags';
import { bandWindow, londonLongDate, londonTime, miles, money } from '../format/format';
import { h, replaceContent } from './dom';

type Contact = RunSheet['routes'][number]['stops'][number]['cases'][number];

/** The fetched names and addresses by case ref, when they are this plan's. */
function contactsFor(state: AppState): Map<string, Contact> {
  const sheet = state.runSheet;
  if (!sheet || sheet.id !== state.plan?.id) return new Map();
  return new Map(sheet.routes.flatMap((r) => r.stops.flatMap((s) => s.cases.map((c): [string, Contact] => [c.ref, c]))));
}

function contactCell(caseRefs: string[], contacts: Map<string, Contact>) {
  // One debtor's several cases at one address are one line.
  const lines = new Map(caseRefs.flatMap((ref) => contacts.get(ref) ?? []).map((c) => [`${c.name}\n${c.address}`, c]));
  if (lines.size === 0) return h('span', { class: 'small' }, '—');
  return [...lines.values()].map((c) =>
    h(
      'div',
      { class: 'sheet-contact' },
      h('strong', { class: 'sheet-name' }, c.name),
      ' ',
      c.address.includes(c.postcode) ? c.address : `${c.address}, ${c.postcode}`,
    ),
  );
}

export function renderRunSheet(container: HTMLElement, state: AppState): void {
  const ri = routeIndexFor(state.plan, state.officerId);
  const route = ri >= 0 ? state.plan!.routes[ri] : null;
  if (!state.plan || !route) {
    replaceContent(container);
    return;
  }
  const contacts = contactsFor(state);
  // A crew partner's name comes from the names list (an officer cannot read another officer's record).
  const names = routeName(route, state.officerNames);
  replaceContent(
    container,
    h('h1', {}, `Run sheet: ${names}`),
    h(
      'p',
      { class: 'sheet-meta' },
      `${londonLongDate(state.plan.date)} · ${route.stops.length} visits · ${miles(route.miles)} · expected ${money(route.value)}`,
      route.start?.departure ? ` · leave ${londonTime(route.start.departure)}` : '',
    ),
    route.checkIns?.length ? h('p', { class: 'sheet-checkins' }, h('strong', {}, 'Check in by: '), routineCheckIns(route)) : null,
    contacts.size === 0
      ? h('p', { class: 'sheet-hint small' }, 'Names and addresses are added when printing from Rounds (the “Print run sheet” button or Ctrl+P).')
      : null,
    h(
      'table',
      { class: 'sheet' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['#', 'Arrive', 'Name and address', 'Case refs', 'Balance', 'Flags', 'Notes / outcome'].map((t) => h('th', { scope: 'col' }, t)),
        ),
      ),
      h(
        'tbody',
        {},
        route.stops.map((s, i) =>
          h(
            'tr',
            { class: s.violations?.length ? 'has-violation' : '' },
            h('td', {}, String(i + 1)),
            h('td', {}, londonTime(s.arrival), s.window ? h('div', { class: 'small' }, bandWindow(s.window)) : null),
            h(
              'td',
              {},
              contactCell(s.caseRefs, contacts),
              s.violations?.length ? h('div', { class: 'small violation' }, s.violations.map((v) => v.message).join('; ')) : null,
            ),
            h('td', { class: 'small' }, s.caseRefs.join(', ')),
            h('td', {}, money(s.balance ?? 0, true)),
            h(
              'td',
              { class: 'small' },
              stopFlags(s, route)
                .map((f) => FLAG_LABELS[f])
                .join(', '),
              checkInCell(stopCheckIns(route, i)),
            ),
            h('td', { class: 'notes' }, ''),
          ),
        ),
      ),
    ),
    h('p', { class: 'sheet-foot small' }, 'Map data © OpenStreetMap contributors. Personal data: keep this sheet secure and shred after use.'),
  );
}

const checkInCell = (note: string) => (note ? h('div', { class: 'check-in' }, note) : null);
