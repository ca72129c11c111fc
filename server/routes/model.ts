import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { modelSummary } from '../../solver/rules/learning.js';
import { ACCESS } from '../auth/roles.js';
import { loadOutcomeCounts } from './plan-inputs.js';

/** GET /api/model: the recovery forecast in use, with the evidence and the priors behind it. No personal data. */

const Split = z.object({ full: z.number(), arrangement: z.number(), nothing: z.number() });

const ContactRow = z.object({
  premises: z.enum(['domestic', 'business']),
  band: z.string().describe("band id, or 'trading' for business premises by their trading hours"),
  label: z.string(),
  days: z.array(z.number().int()).describe('ISO weekdays the band exists on, 1 = Monday'),
  prior: z.number().describe('P(contact) of a first attempt before any recorded outcome (settings contactRates)'),
  priorStrength: z.number().describe('pseudo-visits the prior is worth'),
  visits: z.number().int().describe('recorded visits in this band at these premises'),
  contacts: z.number().int(),
  attemptWeightedVisits: z
    .number()
    .describe('visits weighted by their attempt factor: a repeat attempt counts as the fraction of a first one it was expected to be'),
  inUse: z.number().describe('the first-attempt P(contact) planning uses: (prior x strength + contacts) / (strength + attempt-weighted visits)'),
});

const PaymentRow = z.object({
  debtType: z.enum(['council_tax', 'nndr', 'bid', 'hbop']),
  prior: Split,
  priorStrength: z.number(),
  recorded: Split.extend({
    ageWeightedContacts: z.number().describe('contacts weighted by their age factor: read as contacts at the reference debt age'),
    owedWeightedPayers: z.number().describe('payers weighted by their sum-owed factor: read as payers at the reference sum owed'),
  }).describe('visits with contact, by what they brought'),
  inUse: Split.describe('Dirichlet posterior mean, at the reference sum owed and debt age'),
});

const ModelResponse = z.object({
  contact: z.array(ContactRow),
  payment: z.array(PaymentRow),
  shape: z
    .object({
      contactPriorStrength: z.number(),
      paymentPriorStrength: z.number(),
      referenceOwed: z.number(),
      fullPaymentHalfOwed: z.number(),
      referenceAgeYears: z.number(),
      ageHalfLifeYears: z.number(),
      arrangement: z.object({ monthlyInstalment: z.number(), completionRate: z.number(), paidBeforeBreach: z.number() }),
      attemptDecay: z.number(),
      bandMemory: z.object({ triedBandFactor: z.number(), halfLifeDays: z.number() }),
    })
    .describe('the settings that shape the model (docs/enforcement-rules.md, "Expected recovery")'),
  examples: z
    .array(
      z.object({
        owed: z.number(),
        full: z.number(),
        arrangement: z.number(),
        nothing: z.number(),
        arrangementCollects: z.number(),
        valueGivenContact: z.number(),
      }),
    )
    .describe('council tax at the reference age with 12 months left: the payment split and expected pounds given contact, by sum owed'),
});

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
