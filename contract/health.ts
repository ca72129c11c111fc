import * as z from 'zod/mini';

/** GET /health: the server is up, how many cases it holds, how it routes. */
export const Health = z.object({
  status: z.literal('ok'),
  cases: z.number(),
  routing: z.string(),
  estimate: z.boolean(),
  checkerDisagreements: z
    .number()
    .check(
      z.int(),
      z.describe('times since the server started that the search and its independent checker disagreed on a plan: a solver bug, each one logged'),
    ),
});
