/**
 * The officer's day on a phone (issue 13): the next stop as a card, one tap to navigate, one tap
 * per outcome, the next lone-working check-in, whether the phone is online and what waits to be
 * sent. The list and the map are a swipe away (the layout's other panes); large targets, one hand.
 */
import { OUTCOMES, type Outcome } from '../api/rounds';
import type { Route, Stop } from '../api/schemas';
import type { Actions } from '../app/actions';
import { legInstructions } from '../directions/instructions';
import { FLAG_LABELS, stopFlags } from '../format/flags';
import { bandWindow, duration, londonTime, metres, money } from '../format/format';
import { nextCheckIn } from '../state/checkInDue';
import { visitKey } from '../state/draft';
import { routesInDraftOrder } from '../state/shown';
import { pathKey, routeIndexFor, type AppState } from '../state/store';
import { addressOf } from './officerPanel';
import { h, replaceContent } from './dom';

/** Local to the card: which outcome asks for more (an amount, a note), and whether directions are open. */
let asking: { key: string; kind: 'paid' | 'vulnerable' } | null = null;
let directionsOpen: string | null = null;

/** The route's next stop: the first with no outcome recorded. */
export function nextStopIndex(route: Route, outcomes: ReadonlyMap<string, string>): number {
  return route.stops.findIndex((s) => !s.caseRefs.some((r) => outcomes.has(r)));
}

/** A link that opens the phone's own maps app with directions to the stop (Android and iOS both take this URL). */
export function mapsLink(stop: Pick<Stop, 'lat' | 'lon'>): string {
  return `https://www.google.com/maps/dir/?api=1&destination=${stop.lat.toFixed(6)},${stop.lon.toFixed(6)}&travelmode=driving`;
}

export function renderConnection(el: HTMLElement, state: AppState): void {
  const waiting = state.queue.filter((q) => q.state === 'queued').length;
  const refused = state.queue.length - waiting;
  el.hidden = !state.user || state.user.role !== 'officer';
  el.dataset.online = String(state.online);
  replaceContent(
    el,
    h('span', { class: 'connection-state' }, state.online ? 'Online' : 'Offline'),
    h('span', { id: 'queued-count', 'data-count': waiting }, waiting === 0 ? 'all sent' : `${waiting} waiting to send`),
    refused > 0 ? h('span', { class: 'refused' }, `${refused} not recorded`) : null,
  );
}

export function renderPhoneDay(container: HTMLElement, state: AppState, actions: Actions, redraw: () => void): void {
  const ri = routeIndexFor(state.plan, state.officerId);
  if (!state.plan || ri < 0) {
    replaceContent(container, h('p', { class: 'empty' }, state.plan ? 'You have no route on this day.' : 'No plan for this day yet.'));
    return;
  }
  const route = routesInDraftOrder(state.plan, state.draft, state.cases)[ri];
  const index = nextStopIndex(route, state.outcomes);
  replaceContent(
    container,
    state.fromDevice
      ? h('p', { class: 'from-device', role: 'status' }, `No connection: your day as saved on this phone at ${londonTime(state.fromDevice)}.`)
      : null,
    checkInStrip(route, state, actions),
    conflicts(state, actions),
    state.recorded ? h('p', { id: 'outcome-confirmation', class: 'confirmation', role: 'status' }, `Recorded: ${state.recorded.label}.`) : null,
    index < 0 ? dayDone(route) : stopCard(route, index, state, actions, redraw),
    h(
      'div',
      { class: 'phone-actions' },
      h(
        'button',
        {
          type: 'button',
          id: 'replan-here',
          class: 'big',
          disabled: !state.online || state.fromDevice !== null,
          onclick: () => void actions.replanFromHere(),
        },
        'Re-plan from here',
      ),
      h('p', { class: 'small' }, state.online ? 'Uses your phone’s position once, if you allow it.' : 'Needs a connection.'),
    ),
  );
}

function checkInStrip(route: Route, state: AppState, actions: Actions): HTMLElement {
  const next = nextCheckIn(
    (route.checkIns ?? []).map((c) => c.at),
    state.lastCheckIn,
    new Date(),
  );
  const canNotify = typeof Notification !== 'undefined' && Notification.permission === 'default';
  return h(
    'section',
    { id: 'check-in', class: `check-in-strip${next?.due ? ' due' : ''}`, 'aria-label': 'Lone-working check-in', role: next?.due ? 'alert' : null },
    h(
      'p',
      { id: 'next-check-in' },
      next
        ? next.due
          ? h('strong', {}, `Check in now: due by ${londonTime(next.at)}`)
          : `Next check-in by ${londonTime(next.at)}`
        : 'No more check-ins due today.',
      state.lastCheckIn ? h('span', { class: 'small' }, ` · last ${londonTime(state.lastCheckIn)}`) : null,
    ),
    h('button', { type: 'button', id: 'checked-in', class: 'big', onclick: () => void actions.doorstep.checkIn() }, 'Checked in'),
    canNotify
      ? h(
          'button',
          { type: 'button', id: 'allow-reminders', class: 'link', onclick: () => void Notification.requestPermission().then(() => actions.dismissNotice()) },
          'Remind me with a notification',
        )
      : null,
  );
}

function conflicts(state: AppState, actions: Actions): HTMLElement | null {
  const refused = state.queue.filter((q) => q.state === 'conflict');
  if (refused.length === 0) return null;
  return h(
    'section',
    { class: 'conflicts', 'aria-label': 'Not recorded' },
    h('h2', {}, 'Not recorded: tell the office'),
    h(
      'ul',
      {},
      refused.map((q) =>
        h(
          'li',
          { class: 'conflict', 'data-key': q.key },
          h('span', {}, `${q.label}: ${q.problem ?? 'refused'}`),
          h('button', { type: 'button', onclick: () => void actions.doorstep.dismiss(q.key) }, 'Dismiss'),
        ),
      ),
    ),
  );
}

function dayDone(route: Route): HTMLElement {
  return h(
    'section',
    { class: 'stop-card done' },
    h('h2', {}, 'Every visit has an outcome'),
    route.end?.arrival ? h('p', {}, `Back by ${londonTime(route.end.arrival)}: check in when you get there.`) : null,
  );
}

function stopCard(route: Route, index: number, state: AppState, actions: Actions, redraw: () => void): HTMLElement {
  const stop = route.stops[index];
  const key = visitKey(stop);
  const first = state.cases.get(stop.caseRefs[0]);
  const owed = stop.balance ?? first?.balance;
  const flags = stopFlags(stop, route);
  const record = (kind: Outcome, extra: { amount?: number; note?: string } = {}) => {
    asking = null;
    directionsOpen = null;
    void actions.recordOutcome(stop.caseRefs, kind, extra);
  };
  return h(
    'section',
    { class: 'stop-card', id: 'next-stop', 'data-key': key, 'aria-labelledby': 'next-stop-address' },
    h('p', { class: 'stop-count' }, `Stop ${index + 1} of ${route.stops.length}`),
    h('h2', { id: 'next-stop-address' }, addressOf(stop, state)),
    h(
      'p',
      { class: 'stop-times' },
      stop.arrival ? h('span', {}, 'Arrive ', h('time', { datetime: stop.arrival }, londonTime(stop.arrival))) : null,
      stop.window ? h('span', {}, ` · window ${bandWindow(stop.window)}`) : null,
    ),
    owed !== undefined ? h('p', { class: 'owed' }, `Owed ${money(owed)}`) : null,
    flags.length
      ? h(
          'p',
          { class: 'flags' },
          flags.map((f) => h('span', { class: `flag flag-${f}` }, FLAG_LABELS[f])),
        )
      : null,
    h(
      'div',
      { class: 'navigate' },
      h(
        'button',
        {
          type: 'button',
          id: 'navigate',
          class: 'big',
          'aria-expanded': directionsOpen === key ? 'true' : 'false',
          onclick: () => {
            directionsOpen = directionsOpen === key ? null : key;
            redraw();
          },
        },
        'Directions',
      ),
      h('a', { id: 'open-maps', class: 'big button', href: mapsLink(stop), target: '_blank', rel: 'noopener' }, 'Open in Maps'),
    ),
    directionsOpen === key ? legDirections(route, index, state) : null,
    h(
      'div',
      { class: 'outcome-buttons', role: 'group', 'aria-label': 'Record the outcome' },
      OUTCOMES.map((o) =>
        h(
          'button',
          {
            type: 'button',
            class: `big outcome-${o.value}`,
            'data-outcome': o.value,
            onclick: () => {
              if (o.value === 'paid' || o.value === 'vulnerable') {
                asking = { key, kind: o.value };
                redraw();
                document.getElementById(o.value === 'paid' ? 'paid-amount' : 'vulnerable-note')?.focus();
              } else record(o.value);
            },
          },
          o.label,
        ),
      ),
    ),
    asking?.key === key ? askMore(asking.kind, owed, record) : null,
  );
}

function askMore(
  kind: 'paid' | 'vulnerable',
  owed: number | undefined,
  record: (kind: Outcome, extra: { amount?: number; note?: string }) => void,
): HTMLElement {
  if (kind === 'paid') {
    const input = h('input', {
      id: 'paid-amount',
      type: 'number',
      inputmode: 'decimal',
      min: '0.01',
      step: '0.01',
      value: owed?.toFixed(2) ?? '',
      required: true,
    });
    return h(
      'form',
      {
        class: 'ask-more',
        onsubmit: (e: Event) => {
          e.preventDefault();
          const amount = Number(input.value);
          if (amount > 0) record('paid', { amount });
        },
      },
      h('label', { for: 'paid-amount' }, 'Amount paid (£)'),
      input,
      h('button', { type: 'submit', id: 'record-paid', class: 'big' }, 'Record payment'),
    );
  }
  const note = h('textarea', { id: 'vulnerable-note', rows: 3, maxlength: 2000, required: true });
  return h(
    'form',
    {
      class: 'ask-more',
      onsubmit: (e: Event) => {
        e.preventDefault();
        if (note.value.trim()) record('vulnerable', { note: note.value.trim() });
      },
    },
    h('label', { for: 'vulnerable-note' }, 'What you saw (the case is held for review)'),
    note,
    h('button', { type: 'submit', id: 'record-vulnerable', class: 'big' }, 'Record vulnerable'),
  );
}

function legDirections(route: Route, index: number, state: AppState): HTMLElement {
  const path = state.paths.get(pathKey(route));
  const legIndex = route.start ? index : index - 1;
  const leg = path?.legs[legIndex];
  if (!path || !leg)
    return h('p', { class: 'hint', id: 'turns' }, index === 0 && !route.start ? 'This is the first stop: start here.' : 'No directions for this leg yet.');
  const stop = route.stops[index];
  return h(
    'div',
    { id: 'turns', class: 'directions' },
    h('p', { class: 'small' }, `${metres(leg.distance)}, about ${duration(leg.duration / 60)}${path.estimate ? ' (straight-line estimate)' : ''}`),
    h(
      'ol',
      { class: 'turns' },
      legInstructions(leg, legIndex, path.legs.length, addressOf(stop, state)).map((t) =>
        h('li', {}, t.text, t.distance > 0 ? h('span', { class: 'turn-distance' }, ` ${metres(t.distance)}`) : null),
      ),
    ),
  );
}
