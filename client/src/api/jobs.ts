/**
 * Long planning runs: the server answers 202 {jobId} and streams progress over SSE
 * (GET /api/jobs/:id/events); DELETE /api/jobs/:id cancels. parseJobEvent is pure (tested);
 * watchJob wires it to EventSource.
 */

export type JobEvent =
  { kind: 'progress'; fraction?: number; message?: string } | { kind: 'done'; result: unknown } | { kind: 'error'; message: string } | { kind: 'cancelled' };

function asObject(data: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(data);
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : { value: v };
  } catch {
    return { message: data };
  }
}

/**
 * One SSE message (its event name and data) as what the client does with it. The server
 * (server/routes/jobs.ts) sends 'status' and 'progress' {phase, fraction, ...} while the job runs,
 * then exactly one of 'done', 'failed' (with the problem+json) or 'cancelled', each with the job view.
 */
export function parseJobEvent(type: string, data: string): JobEvent | null {
  const o = asObject(data);
  switch (type) {
    case 'progress': {
      const fraction = typeof o.fraction === 'number' ? Math.min(1, Math.max(0, o.fraction)) : undefined;
      return { kind: 'progress', fraction, message: typeof o.phase === 'string' ? o.phase : undefined };
    }
    case 'done':
      return { kind: 'done', result: o.result ?? null };
    case 'failed': {
      const problem = (o.problem ?? {}) as { detail?: unknown; title?: unknown };
      const m = problem.detail ?? problem.title ?? o.message;
      return { kind: 'error', message: typeof m === 'string' ? m : 'The planning run failed' };
    }
    case 'cancelled':
      return { kind: 'cancelled' };
    default:
      return null;
  }
}

export interface JobWatch {
  result: Promise<unknown>;
  close: () => void;
}

const EVENT_NAMES = ['progress', 'done', 'failed', 'cancelled'];

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
        const ev = parseJobEvent(name, (e as MessageEvent<string>).data ?? '');
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
