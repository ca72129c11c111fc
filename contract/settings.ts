import * as z from 'zod/mini';

/**
 * The settings document (GET /api/settings) as the client reads it. The whole document, with its
 * defaults and the limits a change may not loosen, is a rule of the domain and lives with the rules
 * (solver/rules/settings.ts, server/settings.ts); here are the fields the admin's form edits, loose so
 * that the rest travel untouched. test/contract/types.test-d.ts checks the server's Settings against it.
 */
export const SettingsView = z.looseObject({
  visitingHours: z.looseObject({ start: z.string(), end: z.string() }),
  limitMonths: z.number(),
  suspendVulnerable: z.boolean(),
  defaultWeight: z.number(),
  visitMinutes: z.number(),
  maxVisitsPerRoute: z.number(),
  blackoutDates: z.array(z.string()),
  sessions: z.looseObject({ idleMinutes: z.number(), absoluteHours: z.number() }),
  /** The teams dividing the area (solver/rules/patches.ts); older stored settings have none. */
  teams: z._default(z.array(z.looseObject({ id: z.string(), name: z.string() })), []),
});

/** PUT /api/settings/default-weight: the manager's one setting. */
export const DefaultWeightBody = z.object({ defaultWeight: z.number().check(z.gte(0), z.lte(1000)) });
