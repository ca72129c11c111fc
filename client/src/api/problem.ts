/** Turns whatever went wrong into one sentence a person can act on (never a blank page). */
import { problemSchema, type FieldProblem } from './schemas';

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    /** Every field-level problem the server named (an import lists each bad row). */
    readonly problems: FieldProblem[] = [],
    /** The whole problem+json body, for answers that carry more than a message (a 409 naming the plan it would replace). */
    readonly problem: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The server said the session is missing or over (401): the sign-in form asks to sign in again, so it is no error to show. */
export function sessionOver(err: unknown): boolean {
  return err instanceof ApiError && err.status === 401;
}

/** A failed answer as an ApiError: the readable sentence plus the field-level list, when there is one. */
export function apiError(status: number, body: unknown): ApiError {
  const parsed = problemSchema.safeParse(body);
  return new ApiError(problemMessage(status, body), status, parsed.success ? (parsed.data.errors ?? []) : [], parsed.success ? parsed.data : {});
}

/** A problem+json body (or anything else the server sent) as a readable message. */
export function problemMessage(status: number, body: unknown): string {
  const parsed = problemSchema.safeParse(body);
  if (parsed.success) {
    const p = parsed.data;
    const head = p.detail ?? p.title ?? `The server answered ${status}`;
    const fields = (p.errors ?? []).slice(0, 5).map((e) => {
      const where = [e.row !== undefined ? `row ${e.row}` : '', e.field].filter(Boolean).join(', ');
      return where ? `${where}: ${e.message}` : e.message;
    });
    const more = (p.errors?.length ?? 0) > 5 ? ` (and ${p.errors!.length - 5} more)` : '';
    return fields.length ? `${head} — ${fields.join('; ')}${more}` : head;
  }
  if (typeof body === 'string' && body.trim() && body.length < 300) return `${body.trim()} (HTTP ${status})`;
  return `The server answered ${status}${status >= 500 ? ': please try again or tell your administrator' : ''}`;
}

/** Any thrown value as a message; network failures say so plainly. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof DOMException && err.name === 'AbortError') return 'Cancelled.';
  if (err instanceof DOMException && err.name === 'TimeoutError') return 'The Rounds server did not answer in time. Try again.';
  if (err instanceof TypeError && /fetch|network/i.test(err.message)) {
    return 'Cannot reach the Rounds server. Check that it is running and try again.';
  }
  if (err instanceof Error) return err.message;
  return String(err);
}
