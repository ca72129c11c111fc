import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { safeguardProblems } from '../../solver/rules/statutory.js';
import { actorOf } from '../actor.js';
import { ACCESS } from '../auth/roles.js';
import { ProblemError } from '../errors.js';
import { ProblemSchema } from '../../contract/problem.js';
import { DefaultWeightBody } from '../../contract/settings.js';
import { SettingsPatchSchema, SettingsSchema, type Settings } from '../settings.js';
import { ifMatchHeaders } from '../../contract/common.js';
import { requiredIfMatch, withTag } from './record-version.js';

/**
 * The statutory safeguards (visiting hours, notice periods, the 12-month limit, vulnerable
 * debtors suspended) may be made stricter, never looser: a change that would loosen one is refused
 * whole, naming each field and its regulation. Only the top-level fields in `changed` are judged,
 * so a PATCH of the weight is not refused for what it does not touch (planning clamps that anyway).
 */
function refuseUnlawful(settings: Settings, changed: ReadonlySet<string>): void {
  const errors = safeguardProblems(settings)
    .filter((p) => changed.has(p.field.split('.')[0]))
    .map((p) => ({ field: `body.${p.field}`, message: p.message }));
  if (errors.length > 0) {
    throw new ProblemError(
      422,
      'Unlawful settings',
      `Settings may make the statutory safeguards stricter, never looser: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`,
      errors,
    );
  }
}

const responses = { 200: SettingsSchema, 400: ProblemSchema, 412: ProblemSchema, 422: ProblemSchema, 428: ProblemSchema };

/** PUT and PATCH: the version read (the ETag of GET /api/settings). */
const SettingsWriteHeaders = ifMatchHeaders('GET /api/settings');

export const settingsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/',
    {
      config: { access: ACCESS.signedIn },
      schema: {
        tags: ['settings'],
        summary: 'The settings, with an ETag header to send back as If-Match when changing them',
        response: { 200: SettingsSchema },
      },
    },
    async (_request, reply) => withTag(reply, await app.store.getSettings()),
  );

  // The whole document: the version read is required, so that no one's change made since is replaced unseen.
  app.put(
    '/',
    {
      config: { access: ACCESS.admin },
      schema: {
        tags: ['settings'],
        summary: 'Replace the settings (If-Match: the ETag read)',
        headers: SettingsWriteHeaders,
        body: SettingsSchema,
        response: responses,
      },
    },
    async (request, reply) => {
      const ifMatch = requiredIfMatch(request.headers, 'replacing the settings', 'GET /api/settings');
      refuseUnlawful(request.body, new Set(Object.keys(request.body)));
      return withTag(reply, await app.store.saveSettings(request.body, actorOf(request), ifMatch));
    },
  );

  // Changing one knob (the weight, a blackout date) should not need the whole document: the fields
  // the body names are replaced whole (a list with them: If-Match, when sent, keeps another's
  // addition from being dropped), the others keep their stored values.
  app.patch(
    '/',
    {
      config: { access: ACCESS.admin },
      schema: {
        tags: ['settings'],
        summary: 'Change the fields named (If-Match optional)',
        headers: SettingsWriteHeaders,
        body: SettingsPatchSchema,
        response: responses,
      },
    },
    async (request, reply) => {
      const saved = await app.store.saveSettings(
        (stored) => {
          const merged: Settings = { ...stored, ...request.body };
          refuseUnlawful(merged, new Set(Object.keys(request.body)));
          return merged;
        },
        actorOf(request),
        request.headers['if-match'],
      );
      return withTag(reply, saved);
    },
  );
};

/** The manager tunes yield against mileage: the default weight is theirs (and the admin's) to set, nothing else. */
export const weightRoutes: FastifyPluginAsyncZod = async (app) => {
  app.put(
    '/',
    {
      config: { access: ACCESS.weight },
      schema: {
        tags: ['settings'],
        summary: 'Set the default weight (pounds of expected recovery a mile must earn)',
        body: DefaultWeightBody,
        response: { 200: SettingsSchema },
      },
    },
    async (request) => app.store.saveSettings((stored) => ({ ...stored, defaultWeight: request.body.defaultWeight }), actorOf(request)),
  );
};
