import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Readable } from 'node:stream';
import { z } from 'zod';
import type { Case } from '../../solver/rules/types.js';
import { actorOf } from '../actor.js';
import { userOf } from '../auth/plugin.js';
import { ACCESS } from '../auth/roles.js';
import { officerCaseRefs } from '../auth/scope.js';
import { teamScopeOf, type TeamScope } from '../auth/team-scope.js';
import { ProblemError } from '../errors.js';
import { ImportAbortedError, ImportTooLargeError, readCaseCsv } from '../import/case-csv.js';
import { CaseDetail, CaseParams, CaseStatusQuery, CaseSummary, ImportAnswer } from '../../contract/cases.js';
import { ProblemSchema } from '../../contract/problem.js';
import { outsideRoadArea } from '../roads/outside-report.js';
import type { ImportScreen } from '../store/store.js';

function summary(c: Case): z.infer<typeof CaseSummary> {
  return {
    ref: c.ref,
    debtorRef: c.debtorRef,
    name: c.name,
    address: c.address,
    postcode: c.postcode,
    lat: c.lat,
    lon: c.lon,
    balance: c.balance,
    noticeDate: c.noticeDate,
    premises: c.premises,
    debtType: c.debtType,
    status: c.status,
    flags: { vulnerable: c.vulnerable, warning: c.warning },
    ...(c.tradingHours ? { tradingHours: c.tradingHours } : {}),
    previousAttempts: c.previousAttempts,
  };
}

/** Rows of an import a team leader of one team may not load, at most this many named. */
const MAX_FOREIGN_ROWS = 50;

/**
 * A team leader of one team loads their team's cases: each row's postcode in their patch or in
 * none, and no case that is now another team's (all rows or none, as every import). Checked by the
 * store inside the import's transaction, on what is stored then (store.ts ImportScreen).
 */
function teamImportScreen(scope: TeamScope | undefined, cases: Case[], rows: number[]): ImportScreen | undefined {
  if (!scope) return undefined;
  return ({ postcodeOf, debtorPostcodes }) => {
    // A debtor is one person across teams: a row naming another team's debtor would open their holds
    // to this team. Closed cases count too: a debtor whose cases are all closed keeps their holds.
    const othersDebtors = new Set(debtorPostcodes.filter((k) => !scope.holdsPostcode(k.postcode)).map((k) => k.debtorRef));
    const notYours = `not team ${scope.team}'s to load`;
    const errors = cases.flatMap((c, i) => {
      if (!scope.holdsPostcode(c.postcode)) return [{ row: rows[i], field: 'postcode', message: `in another team's patch, not team ${scope.team}'s` }];
      const before = postcodeOf.get(c.ref);
      if (before !== undefined && !scope.holdsPostcode(before)) return [{ row: rows[i], field: 'case_ref', message: notYours }];
      if (othersDebtors.has(c.debtorRef)) return [{ row: rows[i], field: 'debtor_ref', message: notYours }];
      return [];
    });
    if (errors.length > 0)
      throw new ProblemError(
        422,
        'Invalid import file',
        `${errors.length} row(s) are another team's: a team leader of team ${scope.team} imports their team's cases; nothing was imported`,
        errors.slice(0, MAX_FOREIGN_ROWS),
      );
  };
}

export const caseRoutes: FastifyPluginAsyncZod = async (app) => {
  // The body is handed over as a stream so that csv-parse reads large exports without buffering.
  app.addContentTypeParser(['text/csv', 'application/csv'], (_req, payload, done) => done(null, payload));

  app.post(
    '/import',
    {
      config: { access: ACCESS.teamLeader },
      schema: {
        tags: ['cases'],
        summary: 'Import cases from a revenues-system CSV export (all rows or none)',
        consumes: ['text/csv'],
        response: { 200: ImportAnswer, 413: ProblemSchema, 422: ProblemSchema },
      },
    },
    async (request, reply) => {
      if (!request.body || typeof (request.body as Readable).pipe !== 'function') {
        throw new ProblemError(415, 'Unsupported media type', 'send the cases as text/csv');
      }
      const maxBytes = app.limits.importMaxBytes;
      const tooLarge = () =>
        new ProblemError(413, 'Import file too large', `the import file is larger than ${maxBytes} bytes (ROUNDS_IMPORT_MAX_BYTES): split it`, undefined, {
          maxBytes,
        });
      // An answer before the whole body was read closes the connection, rather than reading the rest.
      const closeIfUnread = () => {
        if (!request.raw.readableEnded) reply.header('connection', 'close');
      };
      if (Number(request.headers['content-length']) > maxBytes) {
        closeIfUnread();
        throw tooLarge();
      }
      const { postcodeDistanceKm } = (await app.store.getSettings()).importChecks;
      let result: Awaited<ReturnType<typeof readCaseCsv>>;
      try {
        result = await readCaseCsv(request.body as Readable, app.postcodes, { maxBytes, postcodeDistanceKm });
      } catch (err) {
        closeIfUnread();
        if (err instanceof ImportTooLargeError) throw tooLarge();
        if (err instanceof ImportAbortedError) {
          request.log.info('import aborted: the upload ended before the file did; nothing imported');
          throw new ProblemError(400, 'Upload aborted', 'the upload ended before the end of the file; nothing was imported');
        }
        throw err;
      }
      closeIfUnread();
      if (!result.ok) {
        throw new ProblemError(422, 'Invalid import file', `${result.errors.length} problem(s) in the file; nothing was imported`, result.errors);
      }
      if (result.cases.length === 0)
        throw new ProblemError(422, 'Invalid import file', 'the file has a header but no cases', [{ row: 2, field: '*', message: 'no data rows' }]);
      const screen = teamImportScreen(await teamScopeOf(app.store, userOf(request)), result.cases, result.rows);
      const { imported, updated, kept, otherName } = await app.store.upsertCases(result.cases, actorOf(request), screen);
      request.log.info({ imported, updated, kept: kept.length, otherName: otherName.length }, 'cases imported');
      const rowOf = new Map(result.cases.map((c, i) => [c.ref, result.rows[i]]));
      const outside = outsideRoadArea(result.cases, app.routingBackend);
      return {
        imported,
        updated,
        kept: kept.map((k) => ({ row: rowOf.get(k.caseRef)!, caseRef: k.caseRef, fields: k.fields, reason: k.reason })),
        otherName: otherName.map((o) => ({ row: rowOf.get(o.caseRef)!, caseRef: o.caseRef, debtorRef: o.debtorRef })),
        ...(outside ? { outsideRoadArea: outside } : {}),
      };
    },
  );

  app.get(
    '/',
    {
      config: { access: ACCESS.officerOrTeamLeader },
      schema: {
        tags: ['cases'],
        summary: 'The caseload (team leader); an officer gets the cases on their own routes',
        querystring: CaseStatusQuery,
        response: { 200: z.array(CaseSummary) },
      },
    },
    async (request) => {
      const user = userOf(request);
      let cases = await app.store.listCases({ status: request.query.status });
      const team = await teamScopeOf(app.store, user);
      if (user.role === 'officer') {
        const own = await officerCaseRefs(app.store, user.officerId!);
        cases = cases.filter((c) => own.has(c.ref));
      } else if (team) {
        cases = cases.filter((c) => team.holdsPostcode(c.postcode));
      }
      // Who read the caseload, with which filter and how many cases: never what they read.
      await app.store.recordEvent(user.username, 'read', 'case', '*', {
        filter: { status: request.query.status ?? 'any' },
        scope: user.role === 'officer' ? 'own-routes' : team ? `team:${team.team}` : 'caseload',
        count: cases.length,
      });
      return cases.map(summary);
    },
  );

  app.get(
    '/:ref',
    {
      config: { access: ACCESS.officerOrTeamLeader },
      schema: {
        tags: ['cases'],
        params: CaseParams,
        response: {
          200: CaseDetail,
          404: ProblemSchema,
        },
      },
    },
    async (request) => {
      const user = userOf(request);
      // An officer asking for a case not on their routes is told what anyone is told of a case that does not exist.
      const visible = user.role !== 'officer' || (await officerCaseRefs(app.store, user.officerId!)).has(request.params.ref);
      const team = await teamScopeOf(app.store, user);
      const found = visible ? await app.store.getCase(request.params.ref) : undefined;
      // Another team's case is, to a team leader of one team, a case that does not exist.
      const c = found && (!team || team.holdsPostcode(found.postcode)) ? found : undefined;
      if (!c) throw new ProblemError(404, 'Not found', `No case '${request.params.ref}'`);
      await app.store.recordEvent(user.username, 'read', 'case', c.ref);
      return { ...summary(c), outcomes: await app.store.listOutcomes(c.ref) };
    },
  );
};
