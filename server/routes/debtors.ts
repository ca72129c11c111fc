import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../actor.js';
import { userOf } from '../auth/plugin.js';
import { ACCESS } from '../auth/roles.js';
import { ProblemSchema } from '../schemas.js';

const ErasureAnswer = z.object({
  debtorRef: z.string(),
  caseRefs: z.array(z.string()).describe("every case of the debtor, now erased (name and address read '[erased]')"),
  newlyErased: z.array(z.string()).describe('the cases this request erased; empty when an earlier request had'),
  closed: z.array(z.string()).describe('the cases that were open or suspended and are now closed: an erased case is never planned'),
  outcomeNotesErased: z.number().int(),
  planStopsErased: z.number().int().describe('stops of stored plans whose coordinates were coarsened and markers cleared'),
  erasedAt: z.string().describe('when the debtor was first erased on request'),
});

const DebtorParams = z.object({ debtorRef: z.string().min(1).max(64) });
/** A reason is personal data: bounded, kept with the hold, never in logs or the audit. */
const Reason = z.string().trim().min(1).max(500);

const HoldAnswer = z.object({
  id: z.number().int(),
  debtorRef: z.string(),
  kind: z
    .enum(['vulnerable', 'manual', 'review'])
    .describe(
      "vulnerable: a flag or a 'vulnerable' outcome on any of the debtor's cases; manual: a team leader's; review: a person at the address is vulnerable",
    ),
  reason: z.string(),
  setBy: z.string(),
  setAt: z.string(),
  clearedBy: z.string().optional(),
  clearedAt: z.string().optional(),
  clearReason: z.string().optional(),
});

/** A debtor's holds, and their personal data erased on request. */
export const debtorRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/:debtorRef/holds',
    {
      config: { access: ACCESS.teamLeader },
      schema: {
        tags: ['debtors'],
        summary: "The debtor's holds, newest first, active and cleared, with the reasons",
        description:
          'A hold keeps every case of the debtor, at every address, out of every plan until a team leader clears it. The reasons are personal data: the read is recorded in the audit, the reasons are not.',
        params: DebtorParams,
        response: { 200: z.array(HoldAnswer), 404: ProblemSchema },
      },
    },
    async (request) => {
      const holds = await app.store.holds.list(request.params.debtorRef);
      await app.store.recordEvent(userOf(request).username, 'read', 'debtor-holds', request.params.debtorRef, { holds: holds.length });
      return holds;
    },
  );

  app.post(
    '/:debtorRef/holds',
    {
      config: { access: ACCESS.teamLeader },
      schema: {
        tags: ['debtors'],
        summary: 'Hold a debtor: none of their cases is planned until the hold is cleared',
        params: DebtorParams,
        body: z.object({ kind: z.literal('manual'), reason: Reason.describe("the team leader's reason, shown with the hold") }),
        response: { 201: HoldAnswer, 404: ProblemSchema },
      },
    },
    async (request, reply) => {
      const hold = await app.store.holds.setManual(request.params.debtorRef, request.body.reason, actorOf(request));
      return reply.code(201).send(hold);
    },
  );

  app.post(
    '/:debtorRef/holds/:id/clear',
    {
      config: { access: ACCESS.teamLeader },
      schema: {
        tags: ['debtors'],
        summary: 'Clear a hold, saying why (clearing a vulnerability is a deliberate act)',
        description:
          "Clearing a vulnerability hold also clears the reviews it opened of others at the address, unless someone there is still vulnerable. A vulnerability raised again later (a new flag, a new 'vulnerable' outcome) sets a new hold.",
        params: DebtorParams.extend({ id: z.coerce.number().int().min(1) }),
        body: z.object({ reason: Reason.describe("the team leader's reason for clearing it") }),
        response: { 200: HoldAnswer, 404: ProblemSchema, 409: ProblemSchema },
      },
    },
    async (request) => app.store.holds.clear(request.params.debtorRef, request.params.id, request.body.reason, actorOf(request)),
  );

  app.post(
    '/:debtorRef/erase',
    {
      config: { access: ACCESS.admin },
      schema: {
        tags: ['debtors'],
        summary: "Erase a debtor's personal data on request (UK GDPR Art. 17, when the council's legal basis allows it)",
        description:
          'Erases the name, address, postcode (to its district), coordinates (to about a kilometre), markers and outcome notes of every case of the debtor, closes the open ones, and keeps refs, balances, dates and statuses. The import will not bring the debtor back: erase them in the revenues system too. Audited with the reason. A second request is harmless.',
        params: DebtorParams,
        body: z.object({
          reason: z.string().trim().min(1).max(500).describe("the admin's reason, kept in the audit: say what the request was, not who made it"),
        }),
        response: { 200: ErasureAnswer, 404: ProblemSchema },
      },
    },
    async (request) => app.store.retention.eraseDebtor(request.params.debtorRef, request.body.reason, actorOf(request)),
  );
};
