/**
 * An edit touches one route (a reorder) or two (a move between officers); only those are sent for
 * evaluation, because evaluating the whole team costs the server several times more (measured:
 * ~65 ms for one route, 300-600 ms for six). The server's answer for those routes replaces them;
 * the other routes keep the server's last answer, and the totals are their sums. The unplanned
 * list is the whole day's in the answer (the server's rule), so it replaces the one shown.
 */
import type { Plan, Route } from '../api/schemas';
import type { Draft, EvaluateBody } from './draft';

export function partialBody(draft: Draft, routeIndexes: number[]): EvaluateBody {
  return {
    routes: routeIndexes.map((i) => {
      const r = draft.routes[i];
      if (!r) throw new RangeError(`No route ${i} in the draft`);
      return { officerIds: [...r.officerIds], caseRefs: r.visits.map((v) => [...v]) };
    }),
  };
}

export function mergeEvaluated(plan: Plan, routeIndexes: number[], evaluated: Plan): Plan {
  if (evaluated.routes.length !== routeIndexes.length) {
    throw new Error(`The server evaluated ${evaluated.routes.length} routes; ${routeIndexes.length} were sent`);
  }
  const routes: Route[] = plan.routes.map((r) => r);
  routeIndexes.forEach((ri, k) => {
    const answer = evaluated.routes[k];
    if (answer.officerIds.join('&') !== routes[ri]?.officerIds.join('&')) {
      throw new Error(`The server answered for officers ${answer.officerIds.join(', ')} where ${routes[ri]?.officerIds.join(', ')} were expected`);
    }
    routes[ri] = answer;
  });
  return {
    ...plan,
    routes,
    unplanned: evaluated.unplanned,
    totals: {
      visits: routes.reduce((n, r) => n + r.stops.length, 0),
      miles: routes.reduce((n, r) => n + r.miles, 0),
      value: routes.reduce((n, r) => n + r.value, 0),
    },
    estimate: evaluated.estimate ?? plan.estimate,
  };
}
