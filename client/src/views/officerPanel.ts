/** The officer's day beside the map: the ordered stops, their edits, outcomes and turn-by-turn. */
import Sortable from 'sortablejs';
import { OUTCOMES, type Outcome } from '../api/rounds';
import type { Route, Stop } from '../api/schemas';
import type { Actions } from '../app/actions';
import { legInstructions } from '../directions/instructions';
import { routineCheckIns, stopCheckIns } from '../format/checkIns';
import { FLAG_LABELS, stopFlags } from '../format/flags';
import { bandWindow, duration, londonTime, metres, miles, money } from '../format/format';
import { lastDayText, reasonLabel } from '../format/reasons';
import { visitKey } from '../state/draft';
import { can } from '../state/permissions';
import { routesInDraftOrder } from '../state/shown';
import { pathKey, routeIndexFor, type AppState } from '../state/store';
import { h, replaceContent } from './dom';

export function addressOf(stop: Stop, state: AppState): string {
  const first = state.cases.get(stop.caseRefs[0]);
  return stop.address ?? first?.address ?? stop.postcode ?? first?.postcode ?? stop.caseRefs.join(', ');
}

let sortable: Sortable | null = null;

export function renderOfficerPanel(container: HTMLElement, state: AppState, actions: Actions): void {
  sortable?.destroy();
  sortable = null;
  const ri = routeIndexFor(state.plan, state.officerId);
  const ownDay = state.user?.role === 'officer';
  if (!state.plan) {
    const empty = can(state.user, 'planDays')
      ? 'No plan for this day yet. Choose the date and press “Plan the day”.'
      : 'No plan for this day yet: your team leader plans the day.';
    replaceContent(container, h('p', { class: 'empty' }, empty));
    return;
  }
  if (ri < 0) {
    const none = ownDay
      ? 'You have no route on this day (not working, or nothing lawful to visit).'
      : 'This officer has no route on this day (not working, or nothing lawful to visit).';
    replaceContent(container, h('p', { class: 'empty' }, none));
    return;
  }
  // The user's order at once (the draft); the times are the server's last answer until it judges the new one.
  const route = routesInDraftOrder(state.plan, state.draft, state.cases)[ri];
  const pending = route !== state.plan.routes[ri];
  const list = h('ol', { id: 'stop-list', class: 'stop-list', 'aria-label': 'Stops in visiting order', 'aria-busy': pending ? 'true' : 'false' });
  route.stops.forEach((stop, i) => list.append(stopItem(stop, i, route, ri, state, actions)));
  sortable = Sortable.create(list, {
    handle: '.drag-handle',
    animation: 120,
    onEnd: (e) => {
      if (e.oldIndex === undefined || e.newIndex === undefined || e.oldIndex === e.newIndex) return;
      void actions.reorder(ri, e.oldIndex, e.newIndex);
    },
  });

  const violations = route.stops.reduce((n, s) => n + (s.violations?.length ?? 0), 0);
  replaceContent(
    container,
    h(
      'section',
      { class: 'route-summary', 'aria-label': 'Day summary' },
      h(
        'p',
        {},
        h('strong', {}, `${route.stops.length} visits`),
        ` · ${miles(route.miles)} · expected ${money(route.value)}`,
        route.driveMinutes !== undefined ? ` · driving ${duration(route.driveMinutes)}` : '',
      ),
      route.start?.departure
        ? h('p', {}, `Leave ${londonTime(route.start.departure)}`, route.end?.arrival ? `, back ${londonTime(route.end.arrival)}` : '')
        : null,
      route.checkIns?.length ? h('p', { class: 'check-ins small' }, `Check in by: ${routineCheckIns(route)}`) : null,
      violations > 0
        ? h(
            'p',
            { class: 'violation-summary', role: 'alert' },
            `${violations} rule ${violations === 1 ? 'problem' : 'problems'} in this order: see the red stops.`,
          )
        : null,
      state.plan.estimate ? h('p', { class: 'estimate' }, 'Travel times are straight-line estimates (no road network loaded).') : null,
      state.unsaved ? h('p', { class: 'unsaved', role: 'status' }, 'Your change is not saved yet: it is saved when you sign in again.') : null,
    ),
    h(
      'div',
      { class: 'toolbar' },
      h('button', { id: 'replan-rest', type: 'button', onclick: () => void actions.replanRest() }, 'Re-optimise the rest of the day'),
      h('button', { id: 'print-sheet', type: 'button', onclick: () => void actions.printRunSheet() }, 'Print run sheet'),
    ),
    list,
    // The caseload is the team leader's: an officer adds no case to their day.
    can(state.user, 'readCaseload') ? addCaseForm(state, actions) : null,
    directionsPanel(route, state),
  );
}

function stopItem(stop: Stop, i: number, route: Route, ri: number, state: AppState, actions: Actions): HTMLLIElement {
  const key = visitKey(stop);
  const locked = state.locked.has(key);
  const outcome = stop.caseRefs.map((r) => state.outcomes.get(r)).find(Boolean);
  const bad = stop.violations ?? [];
  const checkInNote = stopCheckIns(route, i);
  const li = h(
    'li',
    {
      class: ['stop', key === state.selected ? 'selected' : '', bad.length ? 'has-violation' : '', locked ? 'locked' : ''].filter(Boolean).join(' '),
      'data-key': key,
      'data-arrival': stop.arrival,
    },
    h('span', { class: 'drag-handle', title: 'Drag to reorder', 'aria-hidden': 'true' }, '⋮⋮'),
    h(
      'button',
      { type: 'button', class: 'stop-main', id: `stop-${key}`, 'aria-pressed': key === state.selected ? 'true' : 'false', onclick: () => actions.select(key) },
      h('span', { class: 'stop-number' }, String(i + 1)),
      h('span', { class: 'stop-address' }, addressOf(stop, state)),
      h(
        'span',
        { class: 'stop-arrival' },
        h('span', { class: 'label' }, 'arrive '),
        stop.arrival ? h('time', { datetime: stop.arrival, class: 'arrival' }, londonTime(stop.arrival)) : h('span', { class: 'arrival' }, '…'),
      ),
      stop.window ? h('span', { class: 'stop-window' }, bandWindow(stop.window)) : null,
      h('span', { class: 'stop-value' }, `expected ${money(stop.value)}`, stop.balance !== undefined ? ` of ${money(stop.balance)}` : ''),
      stop.waitMinutes ? h('span', { class: 'stop-wait' }, `wait ${duration(stop.waitMinutes)}`) : null,
    ),
    h(
      'span',
      { class: 'flags' },
      stopFlags(stop, route).map((f) => h('span', { class: `flag flag-${f}` }, FLAG_LABELS[f])),
    ),
    stop.lastLawfulDay ? h('span', { class: 'last-day' }, lastDayText(stop.lastLawfulDay)) : null,
    checkInNote ? h('span', { class: 'check-in' }, checkInNote) : null,
    bad.length
      ? h(
          'ul',
          { class: 'violations', 'aria-label': 'Rule problems' },
          bad.map((v) => h('li', { class: 'violation', 'data-code': v.code }, v.message)),
        )
      : null,
    h(
      'div',
      { class: 'stop-actions' },
      h(
        'button',
        { type: 'button', id: `up-${key}`, 'aria-label': `Move stop ${i + 1} earlier`, disabled: i === 0, onclick: () => void actions.reorder(ri, i, i - 1) },
        '↑',
      ),
      h(
        'button',
        {
          type: 'button',
          id: `down-${key}`,
          'aria-label': `Move stop ${i + 1} later`,
          disabled: i === route.stops.length - 1,
          onclick: () => void actions.reorder(ri, i, i + 1),
        },
        '↓',
      ),
      h(
        'button',
        {
          type: 'button',
          id: `lock-${key}`,
          'aria-pressed': locked ? 'true' : 'false',
          'aria-label': `${locked ? 'Unlock' : 'Lock'} stop ${i + 1} (a locked stop stays in the day when re-optimising)`,
          onclick: () => actions.toggleLock(key),
        },
        locked ? 'Locked' : 'Lock',
      ),
      h(
        'button',
        { type: 'button', id: `remove-${key}`, 'aria-label': `Remove stop ${i + 1} from the day`, disabled: locked, onclick: () => void actions.remove(ri, i) },
        'Remove',
      ),
      outcome
        ? h('span', { class: 'outcome' }, `Outcome: ${OUTCOMES.find((o) => o.value === outcome)?.label ?? outcome}`)
        : h(
            'select',
            {
              id: `outcome-${key}`,
              'aria-label': `Record outcome for stop ${i + 1}`,
              onchange: (e: Event) => {
                const v = (e.target as HTMLSelectElement).value as Outcome | '';
                if (v) void actions.recordOutcome(stop.caseRefs, v);
              },
            },
            h('option', { value: '' }, 'Outcome…'),
            OUTCOMES.map((o) => h('option', { value: o.value }, o.label)),
          ),
    ),
  );
  return li;
}

/** Reasons whose cases fit lawfully today, offered first; the rest can be added, and the server flags the rule they break. */
const ADD_ORDER = [
  'removed-by-user',
  'not-worth-detour',
  'no-capacity',
  'outside-shifts',
  'no-window',
  'needs-crew',
  'no-skill',
  'not-yet-eligible',
  'do-not-visit',
  'blackout',
  'no-road',
  'expired',
  'arrangement',
  'manual-hold',
  'held-for-review',
  'breathing-space',
  'vulnerable',
];
const PER_REASON = 150;
/** The case chosen to add survives the panel being redrawn (a route path arriving, an outcome saved). */
let chosenCase = '';

/** The form is rebuilt only when the unplanned list or the cases change (hundreds of options). */
let addCaseCache: { unplanned: unknown; cases: unknown; form: HTMLElement } | null = null;

function addCaseForm(state: AppState, actions: Actions): HTMLElement {
  const unplannedList = state.plan?.unplanned;
  if (addCaseCache && addCaseCache.unplanned === unplannedList && addCaseCache.cases === state.cases) return addCaseCache.form;
  const form = buildAddCaseForm(state, actions);
  addCaseCache = { unplanned: unplannedList, cases: state.cases, form };
  return form;
}

function buildAddCaseForm(state: AppState, actions: Actions): HTMLElement {
  const unplanned = state.plan?.unplanned ?? [];
  const reasons = [...new Set(unplanned.map((u) => u.reason))].sort((a, b) => rank(a) - rank(b));
  const select = h(
    'select',
    {
      id: 'add-case',
      'aria-label': 'Unplanned case to add',
      'aria-describedby': 'add-case-hint',
      onchange: (e: Event) => (chosenCase = (e.target as HTMLSelectElement).value),
    },
    h('option', { value: '' }, unplanned.length ? 'Choose an unplanned case…' : 'Every case is planned'),
    reasons.map((reason) =>
      h(
        'optgroup',
        { label: reasonLabel(reason), 'data-reason': reason },
        unplanned
          .filter((u) => u.reason === reason)
          .slice(0, PER_REASON)
          .map((u) => {
            const c = state.cases.get(u.caseRef);
            return h(
              'option',
              { value: u.caseRef, selected: u.caseRef === chosenCase },
              `${u.caseRef}${c ? ` · ${c.postcode} · ${money(c.balance)}` : ''}${u.eligibleFrom ? ` · from ${u.eligibleFrom}` : ''}${u.lastLawfulDay ? ` · ${lastDayText(u.lastLawfulDay)}` : ''}`,
            );
          }),
      ),
    ),
  );
  return h(
    'form',
    {
      class: 'add-case',
      onsubmit: (e: Event) => {
        e.preventDefault();
        if (select.value) {
          chosenCase = '';
          void actions.addCase(select.value);
        }
      },
    },
    h('label', { for: 'add-case' }, 'Add an unplanned case'),
    select,
    h('p', { id: 'add-case-hint', class: 'small' }, 'Grouped by why the planner left it out; a case that breaks a rule is shown in red with the reason.'),
    h('button', { type: 'submit', id: 'add-case-button' }, 'Add to the end of the day'),
  );
}

function rank(reason: string): number {
  const i = ADD_ORDER.indexOf(reason);
  return i < 0 ? ADD_ORDER.length : i;
}

function directionsPanel(route: Route, state: AppState): HTMLElement {
  const path = state.paths.get(pathKey(route));
  const index = route.stops.findIndex((s) => visitKey(s) === state.selected);
  const section = h('section', { class: 'directions', 'aria-label': 'Turn-by-turn directions' }, h('h2', {}, 'Directions'));
  if (index < 0) {
    section.append(h('p', { class: 'hint' }, 'Select a stop to see how to get there.'));
    return section;
  }
  if (!path) {
    section.append(h('p', { class: 'hint' }, 'Directions are not available for this route yet.'));
    return section;
  }
  const legIndex = route.start ? index : index - 1;
  const leg = path.legs[legIndex];
  if (!leg) {
    section.append(h('p', { class: 'hint' }, 'This is the first stop: start here.'));
    return section;
  }
  const stop = route.stops[index];
  const from = index === 0 ? 'the start' : `stop ${index}`;
  section.append(
    h('h3', {}, `From ${from} to stop ${index + 1}: ${metres(leg.distance)}, ${duration(leg.duration / 60)}`),
    h(
      'ol',
      { class: 'turns' },
      legInstructions(leg, legIndex, path.legs.length, addressOf(stop, state)).map((t) =>
        h('li', {}, t.text, t.distance > 0 ? h('span', { class: 'turn-distance' }, ` ${metres(t.distance)}`) : null),
      ),
    ),
  );
  if (path.estimate) section.append(h('p', { class: 'estimate' }, 'Straight-line estimate: no road network loaded.'));
  return section;
}
