/** The printable run sheet (A4, see print.css): one officer's day on paper, with room for notes. */
import type { AppState } from '../state/store';
import { routeIndexFor } from '../state/store';
import { routineCheckIns, stopCheckIns } from '../format/checkIns';
import { FLAG_LABELS, stopFlags } from '../format/flags';
import { londonLongDate, londonTime, miles, money } from '../format/format';
import { addressOf } from './officerPanel';
import { h, replaceContent } from './dom';

export function renderRunSheet(container: HTMLElement, state: AppState): void {
  const ri = routeIndexFor(state.plan, state.officerId);
  const route = ri >= 0 ? state.plan!.routes[ri] : null;
  if (!state.plan || !route) {
    replaceContent(container);
    return;
  }
  const names = route.officerIds.map((id) => state.officers.find((o) => o.id === id)?.name ?? id).join(' & ');
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
    h(
      'table',
      { class: 'sheet' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['#', 'Arrive', 'Address', 'Case refs', 'Balance', 'Flags', 'Notes / outcome'].map((t) => h('th', { scope: 'col' }, t)),
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
            h('td', {}, londonTime(s.arrival), s.window ? h('div', { class: 'small' }, `${s.window.start}–${s.window.end}`) : null),
            h(
              'td',
              {},
              addressOf(s, state),
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
