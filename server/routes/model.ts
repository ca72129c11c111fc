import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { modelSummary } from '../../solver/rules/learning.js';
import { ModelResponse } from '../../contract/model.js';
import { ACCESS } from '../auth/roles.js';
import { loadOutcomeCounts } from '../jobs/planning-data.js';

/** GET /api/model: the recovery forecast in use, with the evidence and the priors behind it. No personal data. */
export const modelRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/',
    {
      config: { access: ACCESS.teamLeaderOrManager },
      schema: {
        tags: ['model'],
        summary: 'The recovery forecast in use: contact rates by band and premises with the recorded visits behind them, and the payment model',
        response: { 200: ModelResponse },
      },
    },
    async () => {
      const settings = await app.store.getSettings();
      return modelSummary(settings, await loadOutcomeCounts(app.store, settings));
    },
  );
};
