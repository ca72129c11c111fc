/**
 * The phone side of the officer's day (issue 13), wired to the store: the panes a swipe apart (the
 * next stop, the list, the map), the connection and the outcome queue, check-in reminders, the
 * day kept on the phone for opening with no signal, the phone's position on the map, and the
 * service worker that keeps the app itself (only the app shell: the day lives in IndexedDB).
 */
import L from 'leaflet';
import { api } from './api/rounds';
import type { RoadMap } from './api/schemas';
import type { Actions } from './app/actions';
import { londonTime } from './format/format';
import { keptRoads } from './offline/device';
import { nextCheckIn } from './state/checkInDue';
import { routeIndexFor, type AppState, type Store } from './state/store';
import { renderPhoneDay } from './views/phoneDay';

/** How often waiting records are retried and the check-in clock is read. */
const TICK_MS = 10_000;
/** With no connection, how often the server is asked whether it is back (a signal returning fires no event on some phones). */
const PROBE_MS = 3_000;
/** The team leader's lone-working table is read again this often. */
const TEAM_REFRESH_MS = 60_000;
/** The base map kept for offline use reaches this far (degrees, about 1 km) beyond the route's stops. */
const AREA_MARGIN = 0.01;

const PANES = ['phone-day', 'panel', 'map'] as const;

export function installPhone(store: Store<AppState>, actions: Actions, map: L.Map) {
  const $ = (id: string) => document.getElementById(id)!;
  const redraw = () => renderPhoneDay($('phone-day'), store.get(), actions, redraw);

  // The panes scroll sideways (CSS scroll snap) on a phone: a swipe, or a tap on the tabs.
  const layout = document.querySelector<HTMLElement>('.layout')!;
  const tabs = [...document.querySelectorAll<HTMLButtonElement>('#phone-tabs button')];
  for (const tab of tabs) tab.addEventListener('click', () => $(tab.dataset.pane!).scrollIntoView({ behavior: 'instant', inline: 'start', block: 'nearest' }));
  const markTab = () => {
    const i = Math.round(layout.scrollLeft / Math.max(1, layout.clientWidth));
    tabs.forEach((t) => t.setAttribute('aria-selected', String(t.dataset.pane === PANES[i])));
    if (PANES[i] === 'map') map.invalidateSize();
  };
  layout.addEventListener('scrollend', markTab);
  layout.addEventListener('scroll', () => window.requestAnimationFrame(markTab), { passive: true });

  // Online and offline, as the browser sees it; back online, what waits goes at once.
  const back = () => {
    store.set({ online: true });
    void actions.doorstep.flush();
    void actions.reconnected();
  };
  window.addEventListener('online', back);
  window.addEventListener('offline', () => store.set({ online: false }));
  window.setInterval(() => {
    if (store.get().online || !store.get().user) return;
    fetch('/api/health', { cache: 'no-store' })
      .then((res) => res.ok && back())
      .catch(() => undefined);
  }, PROBE_MS);

  // Check-in reminders: on screen always, a notification too where the officer allowed them.
  let dueShown = '';
  const tick = () => {
    const s = store.get();
    if (s.online && s.queue.some((q) => q.state === 'queued')) void actions.doorstep.flush();
    if (s.user?.role !== 'officer' || !s.plan) return;
    const route = s.plan.routes[routeIndexFor(s.plan, s.officerId)];
    const next = route
      ? nextCheckIn(
          (route.checkIns ?? []).map((c) => c.at),
          s.lastCheckIn,
          new Date(),
        )
      : null;
    const due = next?.due ? next.at : '';
    if (due === dueShown) return;
    dueShown = due;
    if (s.view === 'officer') redraw();
    if (due) notify(`Check in now: due by ${londonTime(due)}`);
  };
  window.setInterval(tick, TICK_MS);
  window.setInterval(() => {
    if (store.get().view === 'team') void actions.doorstep.loadCheckIns();
  }, TEAM_REFRESH_MS);

  // The officer's day kept on the phone whenever it changes (a little after, to save once per
  // burst), one save at a time, with the road graph of the route's area fetched once per plan.
  let keepTimer = 0;
  let saving: Promise<void> = Promise.resolve();
  let area: { key: string; roads: Promise<RoadMap | undefined> } | null = null;
  store.subscribe((s, p) => {
    if (s.user?.role !== 'officer' || s.fromDevice) return;
    if (s.plan === p.plan && s.paths === p.paths && s.outcomes === p.outcomes && s.lastCheckIn === p.lastCheckIn && s.cases === p.cases) return;
    window.clearTimeout(keepTimer);
    keepTimer = window.setTimeout(() => (saving = saving.then(keep).catch(() => undefined)), 300);
  });
  async function keep(): Promise<void> {
    const s = store.get();
    const route = s.plan?.routes[routeIndexFor(s.plan, s.officerId)];
    if (!route || route.stops.length === 0) return;
    const key = `${s.user?.username}|${s.plan?.id}|${s.plan?.version}`;
    if (area?.key !== key) area = { key, roads: api.roadsIn(areaOf(route)).catch(() => undefined) };
    await actions.doorstep.keepDay(await area.roads);
  }

  // Where the phone is, once the officer shared it.
  let here: L.CircleMarker | null = null;
  store.subscribe((s, p) => {
    if (s.position === p.position) return;
    here?.remove();
    here = s.position
      ? L.circleMarker([s.position.lat, s.position.lon], { radius: 9, color: '#fff', weight: 3, fillColor: '#1a73e8', fillOpacity: 1 })
          .bindTooltip('You are here')
          .addTo(map)
      : null;
  });

  // The app itself is kept by a service worker (the app shell only), so it opens with no signal.
  if ('serviceWorker' in navigator && location.protocol !== 'file:') {
    navigator.serviceWorker.register('/sw.js').catch(() => undefined);
  }

  return {
    redraw,
    /** The route area's road graph as kept on the phone, for the base map with no connection. */
    keptRoads: (): Promise<RoadMap | undefined> => keptRoads().catch(() => undefined),
  };
}

/** The stops', start's and end's box, with a margin: the area whose roads the phone keeps. */
function areaOf(route: {
  stops: Array<{ lat: number; lon: number }>;
  start?: { lat: number; lon: number };
  end?: { lat: number; lon: number };
}): [number, number, number, number] {
  const points = [...route.stops, ...(route.start ? [route.start] : []), ...(route.end ? [route.end] : [])];
  const lons = points.map((p) => p.lon);
  const lats = points.map((p) => p.lat);
  return [Math.min(...lons) - AREA_MARGIN, Math.min(...lats) - AREA_MARGIN, Math.max(...lons) + AREA_MARGIN, Math.max(...lats) + AREA_MARGIN];
}

function notify(text: string): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  // Android shows notifications through the service worker only; elsewhere the page may.
  const viaWorker = navigator.serviceWorker
    ?.getRegistration()
    .then((r) => (r ? r.showNotification('Rounds', { body: text, tag: 'check-in' }).then(() => true) : false));
  void Promise.resolve(viaWorker ?? false)
    .then((shown) => {
      if (!shown) new Notification('Rounds', { body: text, tag: 'check-in' });
    })
    .catch(() => undefined);
}
