import * as z from 'zod/mini';
import { IsoDate, LocalTime, Month, Point, ifMatchHeaders } from './common.js';

/** Officers and crews. Officer mirrors Officer in solver/rules/types.ts (test/contract/types.test-d.ts). */

const OfficerId = z.string().check(z.regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, _ . - only'));

export const OfficerBody = z.object({
  id: z.optional(OfficerId),
  name: z.string().check(z.minLength(1), z.maxLength(200)),
  start: Point,
  end: Point,
  shiftStart: LocalTime,
  shiftEnd: LocalTime,
  workingDays: z.array(z.number().check(z.int(), z.gte(1), z.lte(7))).check(z.maxLength(7)),
  // Every planning run reads every officer's record: a few years of dates off, a few dozen skills.
  unavailableDates: z._default(z.array(IsoDate).check(z.maxLength(1000)), []),
  breakMinutes: z.number().check(z.int(), z.gte(0), z.lte(180)),
  breakWindow: z.object({ start: LocalTime, end: LocalTime }),
  skills: z._default(
    z
      .array(
        z.string().check(
          z.minLength(1),
          z.maxLength(40),
          // A patch's skill ("team:<id>") comes from the officer's team (solver/rules/patches.ts), never from the record.
          z.refine((s) => !s.startsWith('team:'), "team: skills come from the officer's team; set team instead"),
        ),
      )
      .check(z.maxLength(50)),
    [],
  ),
  saturdayQuota: z._default(z.number().check(z.int(), z.gte(0), z.lte(5)), 2),
  saturdayRota: z
    ._default(z.boolean(), false)
    .check(
      z.describe(
        'works the working days and is available on Saturdays: the planner chooses which, as many as saturdayQuota a month (ignored when Saturday is a working day)',
      ),
    ),
  team: z.optional(z.string().check(z.regex(/^[A-Za-z0-9_.-]{1,64}$/), z.describe('the team (settings.teams) whose postcode patch the officer works'))),
});

export const Officer = z.required(OfficerBody, { id: true });

/** PUT /api/officers/:id: the version read (the ETag of GET /api/officers/:id), so an edit never overwrites one made since. */
export const OfficerWriteHeaders = ifMatchHeaders('GET /api/officers/:id');

/** GET /api/officers/names: every officer's id and name, for any signed-in user. */
export const OfficerName = z.object({ id: z.string(), name: z.string() });

/** One officer's Saturdays in a month (solver/rules/saturdays.ts, saturdayMonth). */
export const SaturdayMonthSchema = z.object({
  officerId: z.string(),
  pattern: z
    .enum(['every', 'rota', 'none'])
    .check(z.describe('every: Saturday is a working day; rota: the planner chooses which Saturdays; none: not planned on Saturdays')),
  quota: z.number().check(z.int()),
  worked: z.array(z.string()).check(z.describe('Saturdays with an outcome recorded under their id (dated in the settings time zone)')),
  planned: z.array(z.string()).check(z.describe('Saturdays whose current saved plan gives them visits')),
  owed: z.number().check(z.int(), z.describe('the quota less the Saturdays worked or planned (a date both counts once)')),
});

export const SaturdaysQuery = z.object({ month: Month });

export const Crew = z.object({
  id: z.string().check(z.regex(/^[A-Za-z0-9_.-]{1,64}$/)),
  officerIds: z.tuple([z.string().check(z.minLength(1)), z.string().check(z.minLength(1))]),
});
