/**
 * Teams and their patches: an agency or a shared service divides its area between teams by
 * postcode, each team working the cases in its own patch. A patch is a list of postcode districts
 * ("N11") and sectors ("N11 1"); a case belongs to the team whose patch holds its sector, or else its
 * district. With no teams set (a borough's one team) every case is open to every officer, as before.
 *
 * In a plan, a case of a team not in the plan is not the plan's business (left out entirely, not
 * "unplanned"); a case of a team in the plan goes only to that team's officers (a skill only they
 * hold, so a plan of several teams keeps each to its own patch). Cases outside every patch stay open
 * to anyone. A stop the user placed by hand is theirs to place: a patch never takes it off a route.
 */
import { z } from 'zod';
import type { Officer } from './types.js';

/** Outward code, and optionally the sector digit: "N11", "N11 1", "EC1A 1". */
const PATCH_AREA = /^[A-Z]{1,2}[0-9][A-Z0-9]?( [0-9])?$/;

export const TEAMS_LIMITS = { teams: 500, patchAreas: 500 } as const;

const TeamId = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, _ . - only (at most 64)');

export const TeamSchema = z.object({
  id: TeamId,
  name: z.string().min(1).max(100),
  /** Postcode districts and sectors, upper case with one space before a sector digit: "N11", "N11 1". */
  patch: z.array(z.string().regex(PATCH_AREA, 'expected a postcode district ("N11") or sector ("N11 1")')).max(TEAMS_LIMITS.patchAreas),
});
export type Team = z.infer<typeof TeamSchema>;

/** Each team once, and each district or sector in one team's patch only (a case belongs to one team). */
export const TeamsSchema = z
  .array(TeamSchema)
  .max(TEAMS_LIMITS.teams)
  .superRefine((teams, ctx) => {
    const ids = new Set<string>();
    const owner = new Map<string, string>();
    teams.forEach((team, i) => {
      if (ids.has(team.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `team '${team.id}' is listed twice` });
      ids.add(team.id);
      team.patch.forEach((area, j) => {
        const other = owner.get(area);
        if (other !== undefined && other !== team.id) {
          ctx.addIssue({ code: 'custom', path: [i, 'patch', j], message: `${area} is already in team '${other}''s patch` });
        }
        owner.set(area, team.id);
      });
    });
  });

const PATCH_SKILL_PREFIX = 'team:';

/** The skill only a team's officers hold: how a case of their patch is kept to them. */
export function patchSkill(teamId: string): string {
  return `${PATCH_SKILL_PREFIX}${teamId}`;
}

/** A patch's skill comes from the officer's team only: one written on a record would open another team's patch. */
export function isPatchSkill(skill: string): boolean {
  return skill.startsWith(PATCH_SKILL_PREFIX);
}

/** "n11 1nn" or "N111NN" -> ["N11 1", "N11"]: the sector, then the district a patch may name. */
function patchAreasOf(postcode: string): [sector: string, district: string] | undefined {
  const compact = postcode.replace(/\s+/g, '').toUpperCase();
  // A full postcode's inward code is a digit and two letters.
  const match = /^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9])[A-Z]{2}$/.exec(compact);
  if (!match) return undefined;
  return [`${match[1]} ${match[2]}`, match[1]];
}

/** Which team's patch a postcode falls in. */
export class Patches {
  private readonly teamOfArea = new Map<string, string>();

  constructor(teams: readonly Team[]) {
    for (const team of teams) for (const area of team.patch) this.teamOfArea.set(area, team.id);
  }

  /** True when teams divide the area (otherwise every case is everyone's). */
  get divided(): boolean {
    return this.teamOfArea.size > 0;
  }

  /** The team whose patch holds the postcode (its sector first, then its district), if any. */
  teamOf(postcode: string): string | undefined {
    const areas = patchAreasOf(postcode);
    if (!areas) return undefined;
    return this.teamOfArea.get(areas[0]) ?? this.teamOfArea.get(areas[1]);
  }
}

/**
 * The districts and sectors a plan of `team` may leave unread: those where every postcode is
 * another team's, so that a team's planning job reads its own patch and what lies in no patch
 * (server/jobs/planning-data.ts). A filter for the store: each case read is still judged by
 * patchRule. Another team's sector is theirs whatever its district; another team's district is
 * theirs but for the sectors of it in `team`'s patch, so such a district is left unread sector by
 * sector (a sector is its district and one digit).
 */
export function otherTeamsAreas(teams: readonly Team[], team: string): string[] {
  const own = new Set(teams.find((t) => t.id === team)?.patch ?? []);
  const ownSectorsIn = new Set([...own].filter((area) => area.includes(' ')).map((sector) => sector.split(' ')[0]));
  const areas = teams
    .filter((t) => t.id !== team)
    .flatMap((t) =>
      t.patch.flatMap((area) => {
        if (area.includes(' ') || !ownSectorsIn.has(area)) return [area];
        return SECTOR_DIGITS.map((digit) => `${area} ${digit}`).filter((sector) => !own.has(sector));
      }),
    );
  return [...new Set(areas)].sort();
}
const SECTOR_DIGITS = [...'0123456789'];

/**
 * How a plan of `planTeams` (the teams of its officers) treats a case: 'other' (another team's,
 * not the plan's business), or the skills its visit needs (the patch's, or none outside every patch).
 */
export function patchRule(patches: Patches, planTeams: ReadonlySet<string>): (postcode: string) => 'other' | string[] {
  if (!patches.divided) return () => [];
  return (postcode) => {
    const team = patches.teamOf(postcode);
    if (team === undefined) return [];
    return planTeams.has(team) ? [patchSkill(team)] : 'other';
  };
}

/**
 * The team a plan of `officerIds` is for: the one team all of them work in, when teams divide the
 * area. A plan of every officer, or of officers of several teams, is the whole area's (undefined):
 * it stands for every team's day.
 */
export function planTeam(teams: readonly Team[], officers: readonly Officer[], officerIds: readonly string[] | undefined): string | undefined {
  if (teams.length === 0 || officerIds === undefined || officerIds.length === 0) return undefined;
  const ids = new Set(officerIds);
  const of = new Set(officers.filter((o) => ids.has(o.id)).map((o) => o.team));
  const [team] = of;
  return of.size === 1 && team !== undefined && teams.some((t) => t.id === team) ? team : undefined;
}
