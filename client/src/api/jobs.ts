/**
 * Long planning runs: the server answers 202 {jobId} and streams progress over SSE
 * (GET /api/jobs/:id/events); DELETE /api/jobs/:id cancels. parseJobEvent is pure (tested);
 * watchJob wires it to EventSource.
 */

export type JobEvent =
  | { kind: 'progress'; fraction?: number; message?: string }
  | { kind: 'done'; result: unknown }
  | { kind: 'error'; message: string }
  | { kind: 'cancelled' };

function asObject(data: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(data);
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : { value: v };
  } catch {
    return { message: data };
  }
}

/** One SSE message (its event name and data) as what the client does with it. */
export function parseJobEvent(type: string, data: string): JobEvent | null {
  const o = asObject(data);
  const kind = type === 'message' && typeof o.type === 'string' ? o.type : type;
  switch (kind) {
    case 'progress': {
      let fraction: number | undefined;
      if (typeof o.fraction === 'number') fraction = o.fraction;
      else if (typeof o.progress === 'number') fraction = o.progress > 1 ? o.progress / 100 : o.progress;
      else if (typeof o.done === 'number' && typeof o.total === 'number' && o.total > 0) fraction = o.done / o.total;
      else if (typeof o.elapsedMs === 'number' && typeof o.limitMs === 'number' && o.limitMs > 0) fraction = o.elapsedMs / o.limitMs;
      if (fraction !== undefined) fraction = Math.min(1, Math.max(0, fraction));
      return { kind: 'progress', fraction, message: typeof o.message === 'string' ? o.message : typeof o.phase === 'string' ? o.phase : undefined };
    }
    case 'done':
    case 'result':
    case 'complete':
    case 'completed':
      return { kind: 'done', result: o.result ?? o.plan ?? o };
    case 'error':
    case 'failed': {
      const problem = (o.problem ?? o.error ?? {}) as { detail?: unknown; message?: unknown; title?: unknown };
      const m = problem.detail ?? problem.message ?? o.detail ?? o.message ?? problem.title;
      return { kind: 'error', message: typeof m === 'string' ? m : 'The planning run failed' };
    }
    case 'cancelled':
    case 'canceled':
      return { kind: 'cancelled' };
    default:
      return null;
  }
}

export interface JobWatch {
  result: Promise<unknown>;
  close(): void;
}

const EVENT_NAMES = ['progress', 'done', 'result', 'complete', 'completed', 'error', 'failed', 'cancelled', 'canceled', 'message'];

export function watchJob(jobId: string, onProgress: (fraction: number | undefined, message?: string) => void): JobWatch {
  const source = new EventSource(`/api/jobs/${encodeURIComponent(jobId)}/events`);
  let settled = false;
  let abort: () => void = () => {};
  const result = new Promise<unknown>((resolve, reject) => {
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      source.close();
      fn();
    };
    for (const name of EVENT_NAMES) {
      source.addEventListener(name, (e) => {
        const data = (e as MessageEvent<string>).data;
        // EventSource's own 'error' (a dropped connection) carries no data.
        if (name === 'error' && typeof data !== 'string') return;
        const ev = parseJobEvent(name, data ?? '');
        if (!ev) return;
        if (ev.kind === 'progress') onProgress(ev.fraction, ev.message);
        else if (ev.kind === 'done') finish(() => resolve(ev.result));
        else if (ev.kind === 'error') finish(() => reject(new Error(ev.message)));
        else finish(() => reject(new DOMException('Cancelled', 'AbortError')));
      });
    }
    abort = () => finish(() => reject(new DOMException('Cancelled', 'AbortError')));
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED) finish(() => reject(new Error('Lost contact with the planning run')));
    };
  });
  return { result, close: () => abort() };
}
