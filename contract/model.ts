import * as z from 'zod/mini';

/** GET /api/model: the recovery forecast in use, with the evidence and the priors behind it. No personal data. */

const Split = z.object({ full: z.number(), arrangement: z.number(), nothing: z.number() });

const ContactRow = z.object({
  premises: z.enum(['domestic', 'business']),
  band: z.string().check(z.describe("band id, or 'trading' for business premises by their trading hours")),
  label: z.string(),
  days: z.array(z.number().check(z.int())).check(z.describe('ISO weekdays the band exists on, 1 = Monday')),
  prior: z.number().check(z.describe('P(contact) of a first attempt before any recorded outcome (settings contactRates)')),
  priorStrength: z.number().check(z.describe('pseudo-visits the prior is worth')),
  visits: z.number().check(z.int(), z.describe('recorded visits in this band at these premises')),
  contacts: z.number().check(z.int()),
  attemptWeightedVisits: z
    .number()
    .check(z.describe('visits weighted by their attempt factor: a repeat attempt counts as the fraction of a first one it was expected to be')),
  inUse: z.number().check(z.describe('the first-attempt P(contact) planning uses: (prior x strength + contacts) / (strength + attempt-weighted visits)')),
});

const PaymentRow = z.object({
  debtType: z.enum(['council_tax', 'nndr', 'bid', 'hbop']),
  prior: Split,
  priorStrength: z.number(),
  recorded: z
    .extend(Split, {
      ageWeightedContacts: z.number().check(z.describe('contacts weighted by their age factor: read as contacts at the reference debt age')),
      owedWeightedPayers: z.number().check(z.describe('payers weighted by their sum-owed factor: read as payers at the reference sum owed')),
    })
    .check(z.describe('visits with contact, by what they brought')),
  inUse: Split.check(z.describe('Dirichlet posterior mean, at the reference sum owed and debt age')),
});

export const ModelResponse = z.object({
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
    .check(z.describe('the settings that shape the model (docs/enforcement-rules.md, "Expected recovery")')),
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
    .check(z.describe('council tax at the reference age with 12 months left: the payment split and expected pounds given contact, by sum owed')),
});
