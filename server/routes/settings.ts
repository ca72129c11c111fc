import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../actor.js';
import { ProblemSchema } from '../schemas.js';
import { SettingsSchema } from '../settings.js';

export const settingsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/', { schema: { tags: ['settings'], response: { 200: SettingsSchema } } }, async () => app.store.getSettings());

  app.put('/', { schema: { tags: ['settings'], body: SettingsSchema, response: { 200: SettingsSchema, 400: ProblemSchema } } }, async (request) =>
    app.store.saveSettings(request.body, actorOf(request)),
  );

  // Changing one knob (the weight, a blackout date) should not need the whole document.
  app.patch('/', { schema: { tags: ['settings'], body: SettingsSchema.partial(), response: { 200: SettingsSchema, 400: ProblemSchema } } }, async (request) => {
    const merged = SettingsSchema.parse({ ...(await app.store.getSettings()), ...request.body });
    return app.store.saveSettings(merged, actorOf(request));
  });
};
