import { describe, expect, it } from 'vitest';
import { ApiError, apiError, errorMessage, problemMessage } from '../../client/src/api/problem';

describe('errors as readable messages', () => {
  it('problem+json with field errors names each field (and row)', () => {
    const body = {
      type: 'about:blank',
      title: 'Bad request',
      status: 422,
      detail: 'Cannot plan',
      errors: [
        { field: 'body.date', message: 'expected YYYY-MM-DD' },
        { row: 4, field: 'postcode', message: 'unknown postcode' },
      ],
    };
    expect(problemMessage(422, body)).toBe('Cannot plan — body.date: expected YYYY-MM-DD; row 4, postcode: unknown postcode');
  });

  it('keeps every field-level problem on the error, beyond the five the sentence names', () => {
    const errors = Array.from({ length: 8 }, (_, i) => ({ row: i + 2, field: 'balance', message: 'not an amount' }));
    const err = apiError(422, { title: 'Invalid import file', errors });
    expect(err.status).toBe(422);
    expect(err.problems.map((p) => p.row)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    expect(apiError(500, 'oops').problems).toEqual([]);
  });

  it('caps a long list of field errors', () => {
    const errors = Array.from({ length: 8 }, (_, i) => ({ field: `f${i}`, message: 'bad' }));
    expect(problemMessage(422, { title: 'Bad', errors })).toMatch(/f4: bad \(and 3 more\)$/);
  });

  it('a server failure without a body still says something useful', () => {
    expect(problemMessage(502, '')).toMatch(/502.*try again/);
    expect(problemMessage(404, 'Not Found')).toBe('Not Found (HTTP 404)');
  });

  it('network failures and aborts', () => {
    expect(errorMessage(new TypeError('Failed to fetch'))).toMatch(/Cannot reach the Rounds server/);
    expect(errorMessage(new DOMException('x', 'AbortError'))).toBe('Cancelled.');
    expect(errorMessage(new ApiError('No plan p1', 404))).toBe('No plan p1');
  });
});
