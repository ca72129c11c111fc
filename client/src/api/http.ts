/** The one place the client talks HTTP: JSON in, zod-checked JSON out, problems as ApiError. */
import LinkHeader from 'http-link-header';
import type { ZodMiniType } from 'zod/mini';
import { ApiError, apiError } from './problem';

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as is with its media type (a CSV file), instead of a JSON body. */
  raw?: { text: string; type: string };
  signal?: AbortSignal;
  /** The ETag of the version read: the server refuses the change (412) if it is no longer current. */
  ifMatch?: string;
}

/**
 * The requests of the session in use. A sign-out or a sign-in ends it (endSessionRequests): what
 * the last user still had on its way is abandoned, so that no answer of theirs lands on the next
 * user's screen, and a 401 sent under the old session does not ask the new one to sign in.
 */
let session = new AbortController();
let sessionEpoch = 0;

export function endSessionRequests(): void {
  session.abort();
  session = new AbortController();
  sessionEpoch++;
}

/** Aborted when either is: AbortSignal.any where the browser has it (Safari only from 17.4), else the same by hand. */
function eitherSignal(a: AbortSignal, b: AbortSignal): AbortSignal {
  if (typeof AbortSignal.any === 'function') return AbortSignal.any([a, b]);
  const either = new AbortController();
  for (const s of [a, b]) {
    if (s.aborted) either.abort(s.reason);
    else s.addEventListener('abort', () => either.abort(s.reason), { once: true });
  }
  return either.signal;
}

/** Whether a request was abandoned (cancelled, or its session ended) rather than answered; a timeout is not. */
export function abandoned(err: unknown): boolean {
  return err instanceof DOMException && err.name === 'AbortError';
}

function requestInit(options: RequestOptions, accept: boolean): RequestInit {
  const headers: Record<string, string> = accept ? { accept: 'application/json' } : {};
  if (options.ifMatch !== undefined) headers['if-match'] = options.ifMatch;
  let body: string | undefined;
  if (options.raw) {
    headers['content-type'] = options.raw.type;
    body = options.raw.text;
  } else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  const signal = options.signal ? eitherSignal(options.signal, session.signal) : session.signal;
  return { method: options.method ?? (body === undefined ? 'GET' : 'POST'), headers, body, signal };
}

/** Called when the server says the session is missing or over (401): the app asks the user to sign in again. */
let onSignInNeeded: (reason: string) => void = () => {};

export function whenSignInNeeded(handler: (reason: string) => void): void {
  onSignInNeeded = handler;
}

/** `epoch`: the session the request was sent in. */
function failed(url: string, status: number, body: unknown, epoch: number): Error {
  const error = apiError(status, body);
  // The sign-in request's own 401 is a wrong password, not an ended session; a 401 of a session
  // already replaced says nothing of the one in use.
  if (status === 401 && url !== '/api/session' && epoch === sessionEpoch) onSignInNeeded(error.message);
  return error;
}

export async function requestJson<T>(url: string, schema: ZodMiniType<T>, options: RequestOptions = {}): Promise<T> {
  return (await answered(url, schema, options)).data;
}

/** A record and its ETag, to send back as `ifMatch` with a change of it (null: the server gave none). */
export interface Tagged<T> {
  data: T;
  tag: string | null;
}

export async function requestTagged<T>(url: string, schema: ZodMiniType<T>, options: RequestOptions = {}): Promise<Tagged<T>> {
  const { data, res } = await answered(url, schema, options);
  return { data, tag: res.headers.get('etag') };
}

/** The checked answer and its response (for its headers). */
async function answered<T>(url: string, schema: ZodMiniType<T>, options: RequestOptions): Promise<{ data: T; res: Response }> {
  const epoch = sessionEpoch;
  const res = await fetch(url, requestInit(options, true));
  const body = await readBody(res);
  if (!res.ok) throw failed(url, res.status, body, epoch);
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
    throw new ApiError(`Unexpected answer from ${url}${where}: ${issue?.message ?? 'bad shape'}`, res.status);
  }
  return { data: parsed.data, res };
}

/**
 * A paged list (GET): each page's items, following the answers' Link rel="next" until one has
 * none. A page may hold fewer items than its limit, even none, and not be the last.
 */
/** More pages than any list the client reads (a million outcomes): a server that never stops linking is cut off. */
const MAX_PAGES = 1000;

export async function requestAllPages<T>(url: string, schema: ZodMiniType<T[]>, options: RequestOptions = {}): Promise<T[]> {
  const items: T[] = [];
  const seen = new Set<string>();
  let next: string | undefined = url;
  while (next !== undefined) {
    // A link back to a page already read would never end.
    if (seen.has(next)) throw new ApiError(`Unexpected answer from ${url}: its pages link back to ${next}`, 200);
    if (seen.size === MAX_PAGES) throw new ApiError(`Unexpected answer from ${url}: more than ${MAX_PAGES} pages`, 200);
    seen.add(next);
    const page: { data: T[]; res: Response } = await answered(next, schema, options);
    items.push(...page.data);
    const link = page.res.headers.get('link');
    const target: string | undefined = link ? LinkHeader.parse(link).rel('next')[0]?.uri : undefined;
    // Relative to the page that gave it (RFC 8288 3.2), and never to another site.
    const resolved = target === undefined ? undefined : new URL(target, page.res.url);
    if (resolved && resolved.origin !== new URL(page.res.url).origin) {
      throw new ApiError(`Unexpected answer from ${url}: its next page is on another site`, 200);
    }
    next = resolved?.href;
  }
  return items;
}

/** How long a queued record's send waits for an answer before it is tried again later. */
const POST_ONCE_TIMEOUT_MS = 20_000;

/**
 * A POST that is safe to repeat (a queued outcome or check-in): the server answers a replayed
 * Idempotency-Key with the first result. Rejects with a TypeError when there is no connection.
 */
export async function postOnce<T>(url: string, schema: ZodMiniType<T>, body: unknown, key: string): Promise<T> {
  const epoch = sessionEpoch;
  // Bounded: a connection that hangs (a captive portal) leaves the record waiting, not the queue.
  const init = requestInit({ body, signal: AbortSignal.timeout(POST_ONCE_TIMEOUT_MS) }, true);
  const res = await fetch(url, { ...init, headers: { ...(init.headers as Record<string, string>), 'idempotency-key': key } });
  const answer = await readBody(res);
  if (!res.ok) throw failed(url, res.status, answer, epoch);
  const parsed = schema.safeParse(answer);
  if (!parsed.success) throw new ApiError(`Unexpected answer from ${url}`, res.status);
  return parsed.data;
}

/** For endpoints whose answer the client does not read (cancel). */
export async function send(url: string, options: RequestOptions = {}): Promise<void> {
  const epoch = sessionEpoch;
  const res = await fetch(url, requestInit({ ...options, method: options.method ?? 'POST' }, false));
  if (!res.ok) throw failed(url, res.status, await readBody(res), epoch);
}

/** The answer's JSON, or its text when it is not JSON (a proxy's error page), for the message. */
async function readBody(res: Response): Promise<unknown> {
  // 204: nothing there (no plan for the day yet), read as null.
  if (res.status === 204) return null;
  const text = await res.text();
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return text;
  }
}
