import * as z from 'zod/mini';

/** Every error answer: application/problem+json (RFC 9457) with the field-level errors issue 4 promises. */

export const FieldProblem = z.object({ row: z.optional(z.number().check(z.int())), field: z.string(), message: z.string() });

/** Loose: some answers carry more than a message (a 409 naming the plan it would replace). */
export const ProblemFields = z.looseObject({
  type: z.string(),
  title: z.string(),
  status: z.number().check(z.int()),
  detail: z.string(),
  errors: z.optional(z.array(FieldProblem)),
});
export const ProblemSchema = ProblemFields.check(z.describe('application/problem+json (RFC 9457)'));

export type FieldProblem = z.infer<typeof FieldProblem>;
export type Problem = z.infer<typeof ProblemSchema>;
