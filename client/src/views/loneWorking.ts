/** The team leader's lone-working table: each officer's last check-in today and who is overdue (issue 13). */
import { londonTime } from '../format/format';
import { nextCheckIn } from '../state/checkInDue';
import { routeName, type AppState } from '../state/store';
import { h, replaceContent } from './dom';

/** The table's place in the team panel: drawn into on its own, so that a minute passing never rebuilds the lists (and cancels a drag). */
export function loneWorkingPlace(): HTMLElement {
  return h('section', { id: 'lone-working', class: 'lone-working', 'aria-labelledby': 'lone-working-title' });
}

export function renderLoneWorking(place: HTMLElement | null, state: AppState, now = new Date()): void {
  if (place) replaceContent(place, loneWorkingTable(state, now));
}

function loneWorkingTable(state: AppState, now: Date): HTMLElement[] | null {
  const routes = state.plan?.routes.filter((r) => r.stops.length > 0 && (r.checkIns?.length ?? 0) > 0) ?? [];
  if (routes.length === 0) return null;
  // A crew checks in as one: the latest check-in of either officer.
  const rows = routes.map((route) => {
    const last = route.officerIds.map((id) => state.checkIns.get(id)).reduce<string | undefined>((a, b) => (b && (!a || b > a) ? b : a), undefined);
    const next = nextCheckIn(
      (route.checkIns ?? []).map((c) => c.at),
      last,
      now,
    );
    return { name: routeName(route, state.officerNames), ids: route.officerIds.join(' '), last, next };
  });
  const overdue = rows.filter((r) => r.next?.overdue).length;
  return [
    h('h2', { id: 'lone-working-title' }, 'Lone working', overdue ? h('span', { class: 'flag flag-warning' }, `${overdue} overdue`) : null),
    h(
      'table',
      { class: 'summary' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['Officer', 'Last check-in', 'Next due', ''].map((t) => h('th', { scope: 'col' }, t)),
        ),
      ),
      h(
        'tbody',
        {},
        rows.map((r) =>
          h(
            'tr',
            { 'data-officers': r.ids, class: r.next?.overdue ? 'overdue' : '' },
            h('th', { scope: 'row' }, r.name),
            h('td', {}, r.last ? londonTime(r.last) : 'none yet'),
            h('td', {}, r.next ? londonTime(r.next.at) : 'done'),
            h('td', { class: 'check-in-status' }, r.next?.overdue ? 'Overdue' : ''),
          ),
        ),
      ),
    ),
  ];
}
