import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../actor.js';
import { ACCESS } from '../auth/roles.js';
import { ProblemSchema } from '../schemas.js';
import { SettingsSchema } from '../settings.js';

export const settingsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/', { config: { access: ACCESS.signedIn }, schema: { tags: ['settings'], response: { 200: SettingsSchema } } }, async () => app.store.getSettings());

  app.put(
    '/',
    { config: { access: ACCESS.admin }, schema: { tags: ['settings'], body: SettingsSchema, response: { 200: SettingsSchema, 400: ProblemSchema } } },
    async (request) => app.store.saveSettings(request.body, actorOf(request)),
  );

  // Changing one knob (the weight, a blackout date) should not need the whole document.
  app.patch(
    '/',
    { config: { access: ACCESS.admin }, schema: { tags: ['settings'], body: SettingsSchema.partial(), response: { 200: SettingsSchema, 400: ProblemSchema } } },
    async (request) => {
      const merged = SettingsSchema.parse({ ...(await app.store.getSettings()), ...request.body });
      return app.store.saveSettings(merged, actorOf(request));
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
        body: z.object({ defaultWeight: z.number().min(0).max(1000) }),
        response: { 200: SettingsSchema },
      },
    },
    async (request) => app.store.saveSettings({ ...(await app.store.getSettings()), defaultWeight: request.body.defaultWeight }, actorOf(request)),
  );
};
