/** The one place the client talks HTTP: JSON in, zod-checked JSON out, problems as ApiError. */
import type { ZodMiniType } from 'zod/mini';
import { ApiError, problemMessage } from './problem';

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
}

export async function requestJson<T>(url: string, schema: ZodMiniType<T>, options: RequestOptions = {}): Promise<T> {
  const res = await fetch(url, {
    method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
    headers: options.body === undefined ? { accept: 'application/json' } : { 'content-type': 'application/json', accept: 'application/json' },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: options.signal,
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text for the message
  }
  if (!res.ok) throw new ApiError(problemMessage(res.status, body), res.status);
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
    throw new ApiError(`Unexpected answer from ${url}${where}: ${issue?.message ?? 'bad shape'}`, res.status);
  }
  return parsed.data;
}

/** For endpoints whose answer the client does not read (outcomes, cancel). */
export async function send(url: string, options: RequestOptions = {}): Promise<void> {
  const res = await fetch(url, {
    method: options.method ?? 'POST',
    headers: options.body === undefined ? {} : { 'content-type': 'application/json' },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: options.signal,
  });
  if (!res.ok) {
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // keep text
    }
    throw new ApiError(problemMessage(res.status, body), res.status);
  }
}
