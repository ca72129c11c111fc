/**
 * Wires the store to the views. Each view redraws from the store when it changes; user actions
 * go through actions.ts to the server. Errors anywhere end up in the notice bar, never a blank page.
 */
import 'leaflet/dist/leaflet.css';
import './styles.css';
import L from 'leaflet';
import { api } from './api/rounds';
import { abandoned, whenSignInNeeded } from './api/http';
import { errorMessage } from './api/problem';
import { createActions } from './app/actions';
import { londonDate } from './format/format';
import { AreaOutline } from './map/areaOutline';
import { installBaseMap, type BaseMap } from './map/baseMap';
import { routeColour } from './map/colours';
import { PlanLayer, type RouteToDraw } from './map/planLayer';
import { can } from './state/permissions';
import { VIEWS_FOR, allowedView, createStore, initialState, pathKey, routeIndexFor, routeName, type AppState, type ViewName } from './state/store';
import { renderAdminPanel } from './views/adminPanel';
import { h } from './views/dom';
import { renderOfficerPanel } from './views/officerPanel';
import { renderRunSheet } from './views/runSheet';
import { renderStatus } from './views/statusBar';
import { renderTeamPanel } from './views/teamPanel';
import { renderConnection } from './views/phoneDay';
import { renderLoneWorking } from './views/loneWorking';
import { installPhone } from './phone';
import { renderAccount, renderSignIn } from './views/signIn';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

const params = new URLSearchParams(location.search);
const store = createStore<AppState>({ ...initialState(params.get('date') ?? londonDate(new Date())), view: viewFromHash() });
const actions = createActions(store);
whenSignInNeeded((message) => actions.sessionEnded(message));

function viewFromHash(): ViewName {
  const v = location.hash.replace('#', '');
  return v === 'team' || v === 'manager' || v === 'admin' ? v : 'officer';
}

window.addEventListener('error', (e) => store.set({ notice: { kind: 'error', text: `Something went wrong: ${e.message}` } }));
window.addEventListener('unhandledrejection', (e) => store.set({ notice: { kind: 'error', text: errorMessage(e.reason) } }));
window.addEventListener('hashchange', () => store.set({ view: allowedView(viewFromHash(), store.get().user) }));

// The demo area (north London) until a plan says where the work is.
const map = L.map('map', { zoomControl: true, keyboard: true, zoomSnap: 0.25 }).setView([51.614, -0.127], 14);
/** The offline base map needs a session (the road data is served to signed-in users): drawn once, after sign-in. */
let baseMap: BaseMap | null = null;
/** The road graph is still to load: never asked yet, or its load was abandoned at a sign-out. */
let roadsWanted = true;
function installBaseMapOnce(): void {
  if (!roadsWanted) return;
  roadsWanted = false;
  let ready: Promise<void>;
  if (baseMap) ready = baseMap.reloadRoads();
  else {
    baseMap = installBaseMap(map, roadsOrKept, (text) => store.set({ notice: { kind: 'info', text } }));
    ready = baseMap.roadsReady;
  }
  ready.catch((err: unknown) => {
    // Abandoned at a sign-out: the next sign-in loads it.
    if (abandoned(err)) roadsWanted = true;
    else store.set({ notice: { kind: 'error', text: `Road map unavailable: ${errorMessage(err)}` } });
  });
}
const planLayer = new PlanLayer(map, (key) => actions.select(key));
const areaOutline = new AreaOutline(map);
/** The phone's day, its swipe between panes, the outcome queue and check-in reminders (issue 13). */
const phone = installPhone(store, actions, map);
/** The road graph from the server, or with no connection the copy of the route's area kept on the phone. */
const roadsOrKept = () =>
  api.roads().catch((err: unknown) => (abandoned(err) ? Promise.reject(err as Error) : phone.keptRoads().then((kept) => kept ?? Promise.reject(err as Error))));

const dateInput = $<HTMLInputElement>('date');
const officerSelect = $<HTMLSelectElement>('officer');
const teamSelect = $<HTMLSelectElement>('team');
teamSelect.addEventListener('change', () => actions.setTeam(teamSelect.value || null));
dateInput.value = store.get().date;
dateInput.addEventListener('change', () => dateInput.value && actions.setDate(dateInput.value));
officerSelect.addEventListener('change', () => actions.setOfficer(officerSelect.value));
$<HTMLFormElement>('day-form').addEventListener('submit', (e) => {
  e.preventDefault();
  void actions.planDay();
});

function routesToDraw(state: AppState): RouteToDraw[] {
  if (!state.plan) return [];
  const index = state.view === 'officer' ? routeIndexFor(state.plan, state.officerId) : -1;
  return state.plan.routes
    .map((route, i) => ({
      route,
      colour: routeColour(i),
      geometry: state.paths.get(pathKey(route))?.coordinates,
      roadPoints: state.paths.get(pathKey(route))?.roadPoints,
      label: routeName(route, state.officerNames),
      i,
    }))
    .filter((r) => state.view !== 'officer' || r.i === index);
}

// chart.js is half the bundle and only the manager needs it: load it on first use.
let managerModule: typeof import('./views/managerPanel') | null = null;
function renderManager(panel: HTMLElement, state: AppState): void {
  if (managerModule) return managerModule.renderManagerPanel(panel, state, actions);
  panel.replaceChildren(h('p', { class: 'hint' }, 'Loading…'));
  import('./views/managerPanel')
    .then((m) => {
      managerModule = m;
      if (store.get().view === 'manager') m.renderManagerPanel(panel, store.get(), actions);
    })
    .catch((err: unknown) => store.set({ notice: { kind: 'error', text: `Could not load the manager view: ${errorMessage(err)}` } }));
}

/** The state each view's panel reads (views/*Panel.ts); a change elsewhere does not redraw it. */
const PANEL_KEYS: Record<ViewName, Array<keyof AppState>> = {
  officer: ['user', 'date', 'officers', 'cases', 'plan', 'draft', 'unsaved', 'locked', 'officerId', 'outcomes', 'paths', 'selected'],
  team: ['date', 'officers', 'officerNames', 'cases', 'plan', 'draft', 'week', 'importReport', 'selected', 'roadArea'],
  manager: ['plan', 'sweep', 'weight', 'defaultWeight', 'user'],
  admin: ['user', 'accounts', 'settings', 'adminProblem', 'officerNames'],
};

/** The state the phone's next-stop card reads (views/phoneDay.ts). */
const PHONE_KEYS: Array<keyof AppState> = [
  'user',
  'plan',
  'draft',
  'cases',
  'officerId',
  'outcomes',
  'paths',
  'queue',
  'online',
  'lastCheckIn',
  'recorded',
  'fromDevice',
];

let lastFitted = '';
function render(state: AppState, previous: AppState | null): void {
  const started = performance.now();
  try {
    renderViews(state, previous);
  } finally {
    // Kept for the browser test's timings (how much of a reorder round trip is the client's).
    performance.measure('rounds:render', { start: started, end: performance.now() });
  }
}

function renderViews(state: AppState, previous: AppState | null): void {
  const changed = (...keys: Array<keyof AppState>) => !previous || keys.some((k) => previous[k] !== state[k]);
  if (changed('signIn', 'unsaved', 'user')) renderSignIn($('sign-in'), state, actions);
  if (changed('user')) renderAccount($('account'), state, actions);
  if (state.user) installBaseMapOnce();
  document.body.dataset.view = state.view;
  document.body.dataset.role = state.user?.role ?? '';
  const views = state.user ? VIEWS_FOR[state.user.role] : [];
  for (const v of ['officer', 'team', 'manager', 'admin'] as const) {
    const a = $(`nav-${v}`);
    a.hidden = !views.includes(v);
    if (v === state.view) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  // Only a team leader plans the day; the admin has no day to show.
  $('plan-day').hidden = !can(state.user, 'planDays');
  $('day-form').hidden = !state.user || state.user.role === 'admin';
  if (!previous || previous.officers !== state.officers || previous.officerId !== state.officerId) {
    officerSelect.replaceChildren(...state.officers.map((o) => h('option', { value: o.id, selected: o.id === state.officerId }, o.name)));
  }
  // A team leader of every team, where teams divide the area, plans one team's day or the whole area's.
  if (!previous || previous.teams !== state.teams || previous.team !== state.team) {
    teamSelect.replaceChildren(
      h('option', { value: '', selected: state.team === null }, 'Whole area'),
      ...state.teams.map((t) => h('option', { value: t.id, selected: t.id === state.team }, t.name)),
    );
  }
  teamSelect.hidden = $('team-label').hidden = !can(state.user, 'planDays') || state.user?.team !== undefined || state.teams.length === 0;
  // An officer sees their own day only: no choice of officer.
  officerSelect.hidden = $('officer-label').hidden = state.view !== 'officer' || !can(state.user, 'chooseOfficer');
  if (dateInput.value !== state.date) dateInput.value = state.date;
  // Each view redraws only when what it shows changed (progress events arrive many times a second).
  if (changed('busy', 'notice')) renderStatus($('busy'), $('notice'), state, actions);
  // The phone's card first: on a phone it is what the officer is looking at.
  if (state.view === 'officer' && changed('view', ...PHONE_KEYS)) phone.redraw();
  const panel = $('panel');
  // Only what the view shows: a redraw rebuilds its lists, which would cancel a drag in progress
  // (a road path arriving must not drop the team leader's drag).
  if (changed('view', ...PANEL_KEYS[state.view])) {
    if (state.view === 'officer') renderOfficerPanel(panel, state, actions);
    else if (state.view === 'team') renderTeamPanel(panel, state, actions);
    else if (state.view === 'manager') renderManager(panel, state);
    else renderAdminPanel(panel, state, actions);
  }
  // Each officer's last check-in (read again every minute) redraws the lone-working table only.
  if (state.view === 'team' && changed('view', 'checkIns', ...PANEL_KEYS.team)) renderLoneWorking(document.getElementById('lone-working'), state);
  if (changed('plan', 'officerId', 'officerNames', 'runSheet')) renderRunSheet($('run-sheet'), state);
  if (changed('user', 'online', 'queue')) renderConnection($('connection'), state);
  if (changed('plan', 'paths', 'selected', 'view', 'officerId', 'officerNames')) planLayer.render(routesToDraw(state), state.selected);
  if (changed('view', 'roadArea')) areaOutline.render(state.view === 'team' ? state.roadArea : null);
  // Fit once per plan and view, not on every edit (the officer keeps the zoom they chose).
  const fitKey = `${state.plan?.id}|${state.view}|${state.officerId}`;
  if (state.plan && fitKey !== lastFitted) {
    lastFitted = fitKey;
    planLayer.fit();
  }
  if (state.selected && state.selected !== previous?.selected) {
    planLayer.reveal(state.selected);
    document.querySelector(`[data-key="${CSS.escape(state.selected)}"]`)?.scrollIntoView({ block: 'nearest' });
  }
  document.body.dataset.ready = state.plan ? 'plan' : 'empty';
  // Time from navigation to the first plan on screen (the "usable within 2 s" target).
  if (state.plan && state.officers.length > 0 && performance.getEntriesByName('rounds:plan-shown').length === 0) performance.mark('rounds:plan-shown');
}

// List -> map hover highlighting, delegated so that redrawn lists need no new listeners.
for (const type of ['mouseover', 'mouseout', 'focusin', 'focusout'] as const) {
  $('panel').addEventListener(type, (e) => {
    const item = (e.target as HTMLElement).closest<HTMLElement>('[data-key]');
    if (item?.dataset.key) planLayer.hover(item.dataset.key, type === 'mouseover' || type === 'focusin');
  });
}

// The run sheet's names and addresses are fetched when the user prints (the server records the
// read), never taken from the case list. Ctrl+P goes the way of the Print button: fetch, then print.
window.addEventListener('keydown', (e) => {
  if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'p' && store.get().plan?.id && store.get().view === 'officer') {
    e.preventDefault();
    void actions.printRunSheet();
  }
});
window.addEventListener('beforeprint', () => actions.beforePrint());
window.addEventListener('afterprint', () => actions.afterPrint());

// Only the parts that changed need redrawing, but the panels are small: redraw all, keep focus.
store.subscribe((s, p) => render(s, p));
render(store.get(), null);
new ResizeObserver(() => map.invalidateSize()).observe($('map'));

// Who is signed in first (or the sign-in form); then officers, cases and the day's plan side by side.
void actions.start(params.get('plan'));
