/** The team leader's view: every officer's day, moves between officers, unplanned cases, the week. */
import Sortable from 'sortablejs';
import type { Actions } from '../app/actions';
import { routeColour } from '../map/colours';
import { londonTime, miles, money } from '../format/format';
import { lastDayText, reasonLabel } from '../format/reasons';
import { visitKey } from '../state/draft';
import type { KeptRow, OtherNameRow, OutsideRoadArea, RoadArea } from '../api/schemas';
import { routesInDraftOrder } from '../state/shown';
import { routeName, type AppState } from '../state/store';
import { filterUnplanned, officerSummaries, type SaturdaySummary } from '../state/summaries';
import { addressOf } from './officerPanel';
import { h, replaceContent } from './dom';
import { loneWorkingPlace } from './loneWorking';

let sortables: Sortable[] = [];
// Typed values survive the panel being redrawn from the store.
const filters = { reason: '', text: '', days: 6 };

/** The rows a re-import left as recorded in Rounds (a suspension, a closure, attempts), with why. */
function keptReport(kept: KeptRow[]): HTMLElement | null {
  if (kept.length === 0) return null;
  return h(
    'div',
    { class: 'import-report' },
    h('p', { class: 'import-kept-count' }, `${kept.length} kept as recorded`),
    h(
      'table',
      { class: 'import-kept' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['Row', 'Case', 'Why'].map((t) => h('th', { scope: 'col' }, t)),
        ),
      ),
      h(
        'tbody',
        {},
        kept.slice(0, 200).map((k) => h('tr', {}, h('td', {}, String(k.row)), h('td', {}, k.caseRef), h('td', {}, k.reason))),
      ),
    ),
    kept.length > 200 ? h('p', { class: 'small' }, `Showing the first 200 of ${kept.length}.`) : null,
  );
}

/**
 * Rows whose case joined a debtor reference under a name sharing no word with the names of that
 * debtor's other cases: imported, but a reference reused for someone else would give them the
 * first person's holds and erasure, so a person checks. Names are not repeated here.
 */
function otherNameReport(rows: OtherNameRow[]): HTMLElement | null {
  if (rows.length === 0) return null;
  return h(
    'div',
    { class: 'import-report' },
    h(
      'p',
      { class: 'import-other-name' },
      `${rows.length} case${rows.length === 1 ? '' : 's'} joined a debtor under another name: check each is the same person. ` +
        'If not, give them their own debtor reference in the revenues system and import again: holds, reviews and erasure follow the reference.',
    ),
    h(
      'table',
      { class: 'import-other-names' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['Row', 'Case', 'Debtor'].map((t) => h('th', { scope: 'col' }, t)),
        ),
      ),
      h(
        'tbody',
        {},
        rows.slice(0, 200).map((o) => h('tr', {}, h('td', {}, String(o.row)), h('td', {}, o.caseRef), h('td', {}, o.debtorRef))),
      ),
    ),
    rows.length > 200 ? h('p', { class: 'small' }, `Showing the first 200 of ${rows.length}.`) : null,
  );
}

/** The cases of an import beyond the road data in use, by postcode district: kept, but not planned until the area's extract is loaded. */
function outsideReport(outside: OutsideRoadArea | undefined): HTMLElement | null {
  if (!outside || outside.cases === 0) return null;
  const districts = outside.districts.map((d) => `${d.district} ${d.cases}`).join(', ');
  return h(
    'p',
    { class: 'import-outside' },
    `${outside.cases} case${outside.cases === 1 ? '' : 's'} outside the road data in use (${outside.roads}): ${districts}. ` +
      "They are kept; load your area's road extract to plan them.",
  );
}

/** Which road data the plans use, outlined on the map. */
function roadDataLine(area: RoadArea | null): HTMLElement | null {
  if (!area?.outline) return null;
  const km = area.roadKm === undefined ? '' : `, ${area.roadKm.toLocaleString('en-GB')} km of road`;
  return h('p', { class: 'small road-data' }, `Road data in use: ${area.label ?? area.source ?? ''}${km} (dashed outline on the map).`);
}

export function renderTeamPanel(container: HTMLElement, state: AppState, actions: Actions): void {
  for (const s of sortables) s.destroy();
  sortables = [];
  const plan = state.plan;
  const month = state.date.slice(0, 7);
  const rows = officerSummaries(plan, state.officers, state.week, state.saturdays?.month === month ? state.saturdays.rows : []);
  const summary = h(
    'table',
    { class: 'summary', 'aria-label': 'Officers today' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ['Officer', 'Visits', 'Miles', 'Expected', 'Saturdays this month'].map((t) => h('th', { scope: 'col' }, t)),
      ),
    ),
    h(
      'tbody',
      {},
      rows.map((r) =>
        h(
          'tr',
          { 'data-officer': r.officerId },
          h(
            'th',
            { scope: 'row' },
            r.name,
            r.crewWith.length ? h('span', { class: 'small' }, ` (crew)`) : null,
            r.violations ? h('span', { class: 'flag flag-warning' }, `${r.violations} problems`) : null,
          ),
          h('td', {}, String(r.visits)),
          h('td', {}, r.miles.toFixed(1)),
          h('td', {}, money(r.value)),
          h(
            'td',
            { class: 'saturdays' },
            h('meter', {
              min: 0,
              max: Math.max(1, r.saturdays.quota),
              value: r.saturdays.counted,
              'aria-label': `${r.saturdays.counted} of ${r.saturdays.quota} Saturdays`,
            }),
            ` ${r.saturdays.counted} / ${r.saturdays.quota}`,
            saturdayDetail(r.saturdays),
          ),
        ),
      ),
    ),
  );

  const lists = h('div', { class: 'team-lists' });
  const routeNames = (plan?.routes ?? []).map((route) => routeName(route, state.officerNames));
  // The user's order at once (the draft); each stop's time is the server's last answer until it judges the new one.
  const shownRoutes = plan ? routesInDraftOrder(plan, state.draft, state.cases) : [];
  shownRoutes.forEach((route, ri) => {
    const names = routeNames[ri];
    const ol = h('ol', {
      class: 'team-list',
      'data-route': ri,
      'aria-label': `Stops for ${names}`,
      'aria-busy': route !== plan!.routes[ri] ? 'true' : 'false',
    });
    route.stops.forEach((s, i) =>
      ol.append(
        h(
          'li',
          {
            class: ['team-stop', s.violations?.length ? 'has-violation' : '', visitKey(s) === state.selected ? 'selected' : ''].filter(Boolean).join(' '),
            'data-key': visitKey(s),
          },
          h(
            'button',
            { type: 'button', id: `team-${visitKey(s)}`, onclick: () => actions.select(visitKey(s)) },
            `${i + 1}. ${s.arrival ? londonTime(s.arrival) : '…'} ${addressOf(s, state)}`,
          ),
          s.lastLawfulDay ? h('span', { class: 'last-day' }, ` ${lastDayText(s.lastLawfulDay)}`) : null,
          s.estimate ? h('span', { class: 'flag flag-estimate' }, 'estimate') : null,
          s.violations?.length ? h('span', { class: 'violation' }, s.violations.map((v) => v.message).join('; ')) : null,
        ),
      ),
    );
    sortables.push(
      Sortable.create(ol, {
        group: 'team',
        animation: 120,
        onEnd: (e) => {
          const from = Number(e.from.dataset.route);
          const to = Number(e.to.dataset.route);
          if (e.oldIndex === undefined || e.newIndex === undefined || (from === to && e.oldIndex === e.newIndex)) return;
          void actions.moveBetween(from, e.oldIndex, to, e.newIndex);
        },
      }),
    );
    lists.append(
      h(
        'section',
        { class: 'team-route' },
        h('h3', {}, swatch(routeColour(ri)), ` ${names}: ${route.stops.length} visits, ${miles(route.miles)}, ${money(route.value)}`),
        ol,
      ),
    );
  });

  const reasons = [...new Set(plan?.unplanned.map((u) => u.reason) ?? [])].sort();
  const shown = filterUnplanned(plan?.unplanned ?? [], filters.reason, filters.text, (ref) => state.cases.get(ref)?.postcode);
  const rerender = () => renderTeamPanel(container, state, actions);
  const unplanned = h(
    'section',
    { class: 'unplanned', 'aria-label': 'Unplanned cases' },
    h('h2', {}, `Not planned today (${plan?.unplanned.length ?? 0})`),
    h(
      'div',
      { class: 'filters' },
      h('label', { for: 'reason-filter' }, 'Reason'),
      h(
        'select',
        { id: 'reason-filter', onchange: (e: Event) => ((filters.reason = (e.target as HTMLSelectElement).value), rerender()) },
        h('option', { value: '' }, 'All reasons'),
        reasons.map((r) =>
          h('option', { value: r, selected: r === filters.reason }, `${reasonLabel(r)} (${plan!.unplanned.filter((u) => u.reason === r).length})`),
        ),
      ),
      h('label', { for: 'unplanned-search' }, 'Ref or postcode'),
      h('input', {
        id: 'unplanned-search',
        type: 'search',
        value: filters.text,
        oninput: (e: Event) => ((filters.text = (e.target as HTMLInputElement).value), rerender()),
      }),
    ),
    h(
      'div',
      { class: 'scroll-box', tabindex: 0, role: 'region', 'aria-label': 'Unplanned cases list' },
      h(
        'table',
        { class: 'unplanned-table' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ['Case', 'Postcode', 'Balance', 'Why', 'Add to'].map((t) => h('th', { scope: 'col' }, t)),
          ),
        ),
        h(
          'tbody',
          {},
          shown.slice(0, 200).map((u) => {
            const c = state.cases.get(u.caseRef);
            return h(
              'tr',
              {},
              h('td', {}, u.caseRef),
              h('td', {}, c?.postcode ?? ''),
              h('td', {}, c ? money(c.balance) : ''),
              h(
                'td',
                {},
                reasonLabel(u.reason),
                u.eligibleFrom ? ` from ${u.eligibleFrom}` : '',
                u.lastLawfulDay ? h('span', { class: 'last-day' }, ` ${lastDayText(u.lastLawfulDay)}`) : null,
              ),
              // The server judges the new order at once: a case not lawful today comes back marked in red.
              h(
                'td',
                {},
                h(
                  'select',
                  {
                    class: 'add-to',
                    'aria-label': `Add ${u.caseRef} to a route`,
                    onchange: (e: Event) => {
                      const ri = Number((e.target as HTMLSelectElement).value);
                      if (Number.isInteger(ri) && ri >= 0) void actions.addCase(u.caseRef, ri);
                    },
                  },
                  h('option', { value: '' }, '—'),
                  routeNames.map((name, ri) => h('option', { value: ri }, name)),
                ),
              ),
            );
          }),
        ),
      ),
    ),
    shown.length > 200 ? h('p', { class: 'small' }, `Showing 200 of ${shown.length}: narrow the filter.`) : null,
  );

  const daysInput = h('input', {
    id: 'week-days',
    // A text box with a numeric keypad, not type=number: its caret survives a redraw (see replaceContent).
    type: 'text',
    inputmode: 'numeric',
    // 1 to 31: the browser refuses anything else at submit and shows the title as the reason.
    pattern: '[1-9]|[12][0-9]|3[01]',
    required: true,
    title: 'A number of days from 1 to 31',
    value: filters.days,
    oninput: (e: Event) => (filters.days = Number((e.target as HTMLInputElement).value) || filters.days),
  });
  const week = h(
    'section',
    { class: 'week', 'aria-label': 'Plan a week' },
    h('h2', {}, 'Plan ahead'),
    h(
      'form',
      {
        // The number in the box when the button is pressed, whatever events did or did not fire.
        onsubmit: (e: Event) => {
          e.preventDefault();
          const typed = Number(daysInput.value);
          if (Number.isInteger(typed) && typed >= 1 && typed <= 31) filters.days = typed;
          void actions.planWeek(filters.days);
        },
      },
      h('label', { for: 'week-days' }, `Days from ${state.date}`),
      daysInput,
      h('button', { type: 'submit', id: 'plan-week' }, 'Plan the week'),
    ),
    h('p', { class: 'small' }, 'Up to 31 days. Officers on the Saturday rota get the Saturdays they still owe this month, spread across the team.'),
    state.week
      ? h(
          'table',
          { class: 'week-table' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ['Date', 'Visits', 'Miles', 'Expected'].map((t) => h('th', { scope: 'col' }, t)),
            ),
          ),
          h(
            'tbody',
            {},
            state.week.days.map((d) =>
              h(
                'tr',
                { class: d.date === state.date ? 'current' : '' },
                h(
                  'td',
                  {},
                  d.planId
                    ? h(
                        'button',
                        {
                          type: 'button',
                          class: 'link',
                          'data-plan-id': d.planId,
                          'aria-label': `Open the plan for ${d.date}`,
                          onclick: () => void actions.openPlan(d.planId!),
                        },
                        d.date,
                      )
                    : d.date,
                ),
                h('td', {}, String(d.visits)),
                h('td', {}, d.miles.toFixed(1)),
                h('td', {}, money(d.value)),
              ),
            ),
          ),
        )
      : null,
  );

  const report = state.importReport;
  const loadCases = h(
    'section',
    { class: 'import', 'aria-label': 'Load cases' },
    h('h2', {}, 'Load cases'),
    h('label', { for: 'import-file' }, 'Cases CSV exported from the revenues system'),
    // Importing starts when a file is chosen: all rows or none, and re-importing a case ref updates it, so nothing is lost.
    h('input', {
      id: 'import-file',
      type: 'file',
      accept: '.csv,text/csv',
      onchange: (e: Event) => {
        const input = e.target as HTMLInputElement;
        const file = input.files?.[0];
        if (file) void actions.importCases(file);
        input.value = '';
      },
    }),
    h('p', { class: 'small' }, 'A file with any bad row imports nothing and lists every problem below.'),
    report && report.problems.length > 0
      ? h(
          'div',
          { class: 'import-report' },
          h(
            'p',
            { class: 'import-failed' },
            `${report.file}: nothing imported, ${report.problems.length} problem${report.problems.length === 1 ? '' : 's'} to fix.`,
          ),
          h(
            'table',
            { class: 'import-problems' },
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                ['Row', 'Field', 'Problem'].map((t) => h('th', { scope: 'col' }, t)),
              ),
            ),
            h(
              'tbody',
              {},
              report.problems
                .slice(0, 200)
                .map((p) => h('tr', {}, h('td', {}, p.row === undefined ? '' : String(p.row)), h('td', {}, p.field), h('td', {}, p.message))),
            ),
          ),
          report.problems.length > 200 ? h('p', { class: 'small' }, `Showing the first 200 of ${report.problems.length}.`) : null,
        )
      : null,
    report && report.problems.length === 0
      ? h('p', { class: 'import-done' }, `${report.file}: ${report.imported ?? 0} new, ${report.updated ?? 0} updated.`)
      : null,
    report && report.problems.length === 0 ? otherNameReport(report.otherName ?? []) : null,
    report && report.problems.length === 0 ? keptReport(report.kept ?? []) : null,
    report && report.problems.length === 0 ? outsideReport(report.outsideRoadArea) : null,
    roadDataLine(state.roadArea),
  );

  replaceContent(
    container,
    plan ? null : h('p', { class: 'empty' }, 'No plan for this day yet. Press “Plan the day”.'),
    summary,
    plan ? h('p', { class: 'hint' }, 'Drag a stop from one officer’s list to another’s to move the visit; the server re-times both days.') : null,
    plan?.estimate ? h('p', { class: 'estimate' }, 'Some travel times and miles are straight-line estimates (the stops marked “estimate”).') : null,
    lists,
    loneWorkingPlace(),
    plan ? unplanned : null,
    week,
    loadCases,
  );
}

/** Which Saturdays: "worked 7, 14 · planned 21 · owes 1", days of the month shown. */
function saturdayDetail(s: SaturdaySummary): HTMLElement {
  const days = (dates: string[]) => dates.map((d) => String(Number(d.slice(8)))).join(', ');
  const parts = [
    s.pattern === 'rota' ? 'rota' : s.pattern === 'none' ? 'no Saturdays' : '',
    s.worked.length ? `worked ${days(s.worked)}` : '',
    s.planned.length ? `planned ${days(s.planned)}` : '',
    s.owed > 0 ? `owes ${s.owed}` : '',
  ].filter(Boolean);
  return h('span', { class: 'small saturday-detail' }, parts.length ? ` (${parts.join(' · ')})` : '');
}

/** The route's colour key. Set through the CSSOM: the Content-Security-Policy refuses style attributes. */
function swatch(colour: string): HTMLElement {
  const el = h('span', { class: 'swatch', 'aria-hidden': 'true' });
  el.style.backgroundColor = colour;
  return el;
}
