/**
 * Strongly connected components (iterative Tarjan, no recursion so a county graph cannot blow
 * the stack). Returns a component id per node and the id of the largest component.
 */
export function stronglyConnectedComponents(
  n: number,
  firstOut: Uint32Array,
  arcHead: Uint32Array,
): { component: Int32Array; largest: number; sizes: number[] } {
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const component = new Int32Array(n).fill(-1);
  const onStack = new Uint8Array(n);
  const stack = new Int32Array(n);
  let sp = 0;
  const callNode = new Int32Array(n);
  const callArc = new Uint32Array(n);
  let counter = 0;
  const sizes: number[] = [];
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    let depth = 0;
    callNode[0] = root;
    callArc[0] = firstOut[root];
    index[root] = low[root] = counter++;
    stack[sp++] = root;
    onStack[root] = 1;
    while (depth >= 0) {
      const v = callNode[depth];
      const a = callArc[depth];
      if (a < firstOut[v + 1]) {
        callArc[depth] = a + 1;
        const w = arcHead[a];
        if (index[w] === -1) {
          index[w] = low[w] = counter++;
          stack[sp++] = w;
          onStack[w] = 1;
          depth++;
          callNode[depth] = w;
          callArc[depth] = firstOut[w];
        } else if (onStack[w] && index[w] < low[v]) {
          low[v] = index[w];
        }
        continue;
      }
      if (low[v] === index[v]) {
        const id = sizes.length;
        let size = 0;
        for (;;) {
          const w = stack[--sp];
          onStack[w] = 0;
          component[w] = id;
          size++;
          if (w === v) break;
        }
        sizes.push(size);
      }
      depth--;
      if (depth >= 0) {
        const parent = callNode[depth];
        if (low[v] < low[parent]) low[parent] = low[v];
      }
    }
  }
  let largest = 0;
  for (let i = 1; i < sizes.length; i++) if (sizes[i] > sizes[largest]) largest = i;
  return { component, largest, sizes };
}
