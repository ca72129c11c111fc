import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../actor.js';
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

/** A debtor's personal data, erased on request. */
export const debtorRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/:debtorRef/erase',
    {
      config: { access: ACCESS.admin },
      schema: {
        tags: ['debtors'],
        summary: "Erase a debtor's personal data on request (UK GDPR Art. 17, when the council's legal basis allows it)",
        description:
          'Erases the name, address, postcode (to its district), coordinates (to about a kilometre), markers and outcome notes of every case of the debtor, closes the open ones, and keeps refs, balances, dates and statuses. The import will not bring the debtor back: erase them in the revenues system too. Audited with the reason. A second request is harmless.',
        params: z.object({ debtorRef: z.string().min(1).max(64) }),
        body: z.object({
          reason: z.string().trim().min(1).max(500).describe("the admin's reason, kept in the audit: say what the request was, not who made it"),
        }),
        response: { 200: ErasureAnswer, 404: ProblemSchema },
      },
    },
    async (request) => app.store.retention.eraseDebtor(request.params.debtorRef, request.body.reason, actorOf(request)),
  );
};
