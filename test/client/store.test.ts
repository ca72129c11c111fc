import { describe, expect, it } from 'vitest';
import type { Plan } from '../../client/src/api/schemas';
import { createStore, initialState, pathKey, routeIndexFor, routeName } from '../../client/src/state/store';

describe('the one store', () => {
  it('notifies with the new and previous state, and not when nothing changed', () => {
    const store = createStore(initialState('2026-07-01'));
    const seen: Array<[string, string]> = [];
    const off = store.subscribe((s, p) => seen.push([p.date, s.date]));
    store.set({ date: '2026-07-02' });
    store.set({ date: '2026-07-02' });
    store.set((s) => ({ weight: (s.weight ?? 2) + 1 }));
    off();
    store.set({ date: '2026-07-03' });
    expect(seen).toEqual([
      ['2026-07-01', '2026-07-02'],
      ['2026-07-02', '2026-07-02'],
    ]);
    expect(store.get().weight).toBe(3);
    expect(store.get().date).toBe('2026-07-03');
  });

  it('finds the officer’s route, including a crew route', () => {
    const plan = { routes: [{ officerIds: ['a'] }, { officerIds: ['b', 'c'] }] } as unknown as Plan;
    expect(routeIndexFor(plan, 'a')).toBe(0);
    expect(routeIndexFor(plan, 'c')).toBe(1);
    expect(routeIndexFor(plan, 'z')).toBe(-1);
    expect(routeIndexFor(null, 'a')).toBe(-1);
  });

  it('names a route by its officers, a crew as "A & B"; an id stands in for a name not known', () => {
    const names = new Map([
      ['a', 'Ann'],
      ['b', 'Bea'],
    ]);
    expect(routeName({ officerIds: ['a'] }, names)).toBe('Ann');
    expect(routeName({ officerIds: ['a', 'b'] }, names)).toBe('Ann & Bea');
    expect(routeName({ officerIds: ['a', 'z'] }, names)).toBe('Ann & z');
  });

  it('a reorder gives the route a new path key (its road geometry must be fetched again)', () => {
    const a = { officerIds: ['a'], stops: [{ caseRefs: ['1'] }, { caseRefs: ['2', '3'] }] };
    const b = { officerIds: ['a'], stops: [{ caseRefs: ['2', '3'] }, { caseRefs: ['1'] }] };
    expect(pathKey(a)).not.toBe(pathKey(b));
    expect(pathKey(a)).toBe(pathKey(structuredClone(a)));
  });
});
