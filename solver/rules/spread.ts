/**
 * The most even assignment: each agent takes exactly `need` of the slots it is allowed, and the
 * loads (a slot's base load plus the agents on it) are as even as they can be. "As even as can be"
 * is the sum of the squared loads made least; on this kind of problem (the loads an assignment can
 * reach are the integer points of a base polyhedron, shifted by the base loads) that is the same as
 * making the busiest slot as light as possible, then the next busiest, and so on (Frank and
 * Murota, "Discrete decreasing minimization, Part I", arXiv:1808.07600, 2018: decreasing
 * minimality and least square sum coincide on M-convex sets), so no slot is left short while
 * another could give it an agent.
 *
 * Solved exactly as a min-cost flow (source -> agent -> slot -> sink) by successive shortest
 * paths: the k-th agent on a slot of base b costs (b + k)^2 - (b + k - 1)^2 = 2(b + k) - 1, which
 * rises with k, so the flow's cost is the sum of squared loads less a constant. Sizes here are
 * small (a month's Saturdays times tens of officers): a few thousand arcs at most.
 */

export interface SpreadAgent {
  /** Slots to take; more than `allowed` holds is cut to all of them. */
  need: number;
  /** Indices of the slots the agent may take. */
  allowed: readonly number[];
}

interface Arc {
  to: number;
  cap: number;
  cost: number;
  /** Index of the reverse arc in arcs[to]. */
  rev: number;
}

/** For each agent, the slots it takes (ascending). Deterministic: the same input gives the same assignment. */
export function spreadAssignment(base: readonly number[], agents: readonly SpreadAgent[]): number[][] {
  const slots = base.length;
  const source = 0;
  const agentNode = (a: number) => 1 + a;
  const slotNode = (s: number) => 1 + agents.length + s;
  const sink = 1 + agents.length + slots;
  const arcs: Arc[][] = Array.from({ length: sink + 1 }, () => []);
  const addArc = (from: number, to: number, cap: number, cost: number) => {
    arcs[from].push({ to, cap, cost, rev: arcs[to].length });
    arcs[to].push({ to: from, cap: 0, cost: -cost, rev: arcs[from].length - 1 });
  };

  let total = 0;
  agents.forEach((agent, a) => {
    const allowed = [...new Set(agent.allowed)].filter((s) => s >= 0 && s < slots).sort((x, y) => x - y);
    const need = Math.max(0, Math.min(agent.need, allowed.length));
    total += need;
    addArc(source, agentNode(a), need, 0);
    for (const s of allowed) addArc(agentNode(a), slotNode(s), 1, 0);
  });
  for (let s = 0; s < slots; s++) {
    // One unit arc per possible agent, each dearer than the last: the marginal cost of the load.
    for (let k = 1; k <= agents.length; k++) addArc(slotNode(s), sink, 1, 2 * (base[s] + k) - 1);
  }

  for (let pushed = 0; pushed < total; pushed++) {
    // Bellman-Ford: the residual graph has negative arcs (undoing an assignment) but no negative cycle.
    const dist = new Array<number>(sink + 1).fill(Infinity);
    const via = new Array<{ node: number; arc: number } | undefined>(sink + 1);
    dist[source] = 0;
    for (let round = 0, changed = true; changed && round <= sink; round++) {
      changed = false;
      for (let u = 0; u <= sink; u++) {
        if (dist[u] === Infinity) continue;
        arcs[u].forEach((arc, i) => {
          if (arc.cap > 0 && dist[u] + arc.cost < dist[arc.to]) {
            dist[arc.to] = dist[u] + arc.cost;
            via[arc.to] = { node: u, arc: i };
            changed = true;
          }
        });
      }
    }
    // Every agent's need fits its allowed slots, and slots take any number: the sink is always reached.
    if (dist[sink] === Infinity) throw new Error('internal error: the spread assignment found no augmenting path');
    for (let v = sink; v !== source;) {
      const step = via[v]!;
      const arc = arcs[step.node][step.arc];
      arc.cap -= 1;
      arcs[v][arc.rev].cap += 1;
      v = step.node;
    }
  }

  // An agent's own arcs are the reverse of its source arc and its arcs to slots; a used one is full.
  return agents.map((_, a) =>
    arcs[agentNode(a)]
      .filter((arc) => arc.to >= slotNode(0) && arc.to < sink && arc.cap === 0)
      .map((arc) => arc.to - slotNode(0))
      .sort((x, y) => x - y),
  );
}
