import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../actor.js';
import { userOf } from '../auth/plugin.js';
import { ACCESS, type SignedInUser } from '../auth/roles.js';
import { teamScopeOf, teamSeesDebtor } from '../auth/team-scope.js';
import { ProblemError } from '../errors.js';
import { ClearHoldBody, DebtorParams, ErasureAnswer, ErasureBody, HoldAnswer, HoldParams, SetHoldBody } from '../../contract/debtors.js';
import { ProblemSchema } from '../../contract/problem.js';

/** A debtor's holds, and their personal data erased on request. */
export const debtorRoutes: FastifyPluginAsyncZod = async (app) => {
  /** To a team leader of one team, a debtor with no case of theirs does not exist. */
  const checkTeamDebtor = async (user: SignedInUser, debtorRef: string): Promise<void> => {
    const scope = await teamScopeOf(app.store, user);
    if (scope && !(await teamSeesDebtor(app.store, scope, debtorRef))) throw new ProblemError(404, 'Not found', `No debtor '${debtorRef}'`);
  };

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
      await checkTeamDebtor(userOf(request), request.params.debtorRef);
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
        body: SetHoldBody,
        response: { 201: HoldAnswer, 404: ProblemSchema },
      },
    },
    async (request, reply) => {
      await checkTeamDebtor(userOf(request), request.params.debtorRef);
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
        params: HoldParams,
        body: ClearHoldBody,
        response: { 200: HoldAnswer, 404: ProblemSchema, 409: ProblemSchema },
      },
    },
    async (request) => {
      await checkTeamDebtor(userOf(request), request.params.debtorRef);
      return app.store.holds.clear(request.params.debtorRef, request.params.id, request.body.reason, actorOf(request));
    },
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
        body: ErasureBody,
        response: { 200: ErasureAnswer, 404: ProblemSchema },
      },
    },
    async (request) => app.store.retention.eraseDebtor(request.params.debtorRef, request.body.reason, actorOf(request)),
  );
};
