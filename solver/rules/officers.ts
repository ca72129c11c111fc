/**
 * Officers and crews -> the day's teams (one vehicle each). An officer works a date when it is one
 * of their working days and not a date off. A crew works when both its officers do (and both are
 * selected); its officers then work only as the crew, never also alone. Only crews carry the crew
 * skill, so warning-marker addresses never go to a lone officer.
 */
import { minutesOf, weekday } from './calendar.js';
import { PlanningInputError } from './errors.js';
import { isPatchSkill, patchSkill } from './patches.js';
import type { RulesSettings } from './settings.js';
import type { Crew, Officer } from './types.js';

export interface Team {
  /** One officer, or the two of a crew (the crew's first officer's start and end are used). */
  officerIds: string[];
  crewId?: string;
  start: { lat: number; lon: number };
  end: { lat: number; lon: number };
  /** Local minutes after midnight. */
  shiftStart: number;
  shiftEnd: number;
  breakMinutes: number;
  breakWindow: { start: number; end: number };
  skills: string[];
}

export function worksOn(officer: Officer, date: string): boolean {
  return officer.workingDays.includes(weekday(date)) && !officer.unavailableDates.includes(date);
}

function soloTeam(o: Officer): Team {
  const shiftStart = minutesOf(o.shiftStart, `officer ${o.id} shiftStart`);
  const shiftEnd = minutesOf(o.shiftEnd, `officer ${o.id} shiftEnd`);
  if (shiftEnd <= shiftStart) throw new PlanningInputError(`officer ${o.id}: shift ends (${o.shiftEnd}) before it starts (${o.shiftStart})`, 'shiftEnd');
  return {
    officerIds: [o.id],
    start: o.start,
    end: o.end,
    shiftStart,
    shiftEnd,
    breakMinutes: o.breakMinutes,
    breakWindow: {
      start: minutesOf(o.breakWindow.start, `officer ${o.id} breakWindow.start`),
      end: minutesOf(o.breakWindow.end, `officer ${o.id} breakWindow.end`),
    },
    // A team's officer holds its patch's skill, and only theirs: the cases of the patch go to them (patches.ts).
    skills: [...o.skills.filter((s) => !isPatchSkill(s)), ...(o.team === undefined ? [] : [patchSkill(o.team)])],
  };
}

/**
 * The teams working `date`. `officerIds` narrows the choice (an unknown id is an input error);
 * `rostered` officers work it too though it is not one of their working days (a Saturday of the
 * rota, saturdays.ts), unless it is a date off. No available officer is an input error, so the
 * caller can answer 4xx.
 */
export function teamsForDate(
  officers: Officer[],
  crews: Crew[],
  date: string,
  settings: RulesSettings,
  officerIds?: string[],
  rostered: ReadonlySet<string> = new Set(),
): Team[] {
  const byId = new Map(officers.map((o) => [o.id, o]));
  for (const id of officerIds ?? []) if (!byId.has(id)) throw new PlanningInputError(`unknown officer ${JSON.stringify(id)}`, 'officerIds');
  const selected = new Set(officerIds && officerIds.length > 0 ? officerIds : officers.map((o) => o.id));
  const works = (o: Officer) => worksOn(o, date) || (rostered.has(o.id) && !o.unavailableDates.includes(date));
  const available = (id: string) => selected.has(id) && byId.has(id) && works(byId.get(id)!);

  const teams: Team[] = [];
  const inCrew = new Set<string>();
  for (const crew of crews) {
    const [a, b] = crew.officerIds;
    if (a === b || inCrew.has(a) || inCrew.has(b) || !available(a) || !available(b)) continue;
    inCrew.add(a);
    inCrew.add(b);
    const ta = soloTeam(byId.get(a)!);
    const tb = soloTeam(byId.get(b)!);
    const shiftStart = Math.max(ta.shiftStart, tb.shiftStart);
    const shiftEnd = Math.min(ta.shiftEnd, tb.shiftEnd);
    if (shiftEnd <= shiftStart) continue;
    teams.push({
      officerIds: [a, b],
      crewId: crew.id,
      start: ta.start,
      end: ta.end,
      shiftStart,
      shiftEnd,
      breakMinutes: Math.max(ta.breakMinutes, tb.breakMinutes),
      breakWindow: ta.breakWindow,
      skills: [...new Set([...ta.skills, ...tb.skills, settings.crewSkill])].sort(),
    });
  }
  for (const o of officers) {
    if (!available(o.id) || inCrew.has(o.id)) continue;
    // A solo officer never holds the crew skill, whatever their record says.
    const team = soloTeam(o);
    team.skills = team.skills.filter((s) => s !== settings.crewSkill);
    teams.push(team);
  }
  if (teams.length === 0) {
    throw new PlanningInputError(`no officer is available on ${date} (working days, the Saturday rota, dates off and the officers chosen)`, 'date');
  }
  return teams;
}

/**
 * The team of the officers a user named (evaluation of a manual order): one officer, or two
 * working as a crew, whether or not the date is one of their working days (evaluation reports,
 * it does not refuse). Unknown ids are input errors.
 */
export function teamFromOfficers(officers: Officer[], officerIds: string[], settings: RulesSettings, field = 'officerIds'): Team {
  if (officerIds.length < 1 || officerIds.length > 2) throw new PlanningInputError(`${field}: one officer or a crew of two, not ${officerIds.length}`, field);
  const members = officerIds.map((id) => {
    const o = officers.find((x) => x.id === id);
    if (!o) throw new PlanningInputError(`${field}: unknown officer ${JSON.stringify(id)}`, field);
    return soloTeam(o);
  });
  if (members.length === 1) return { ...members[0], skills: members[0].skills.filter((s) => s !== settings.crewSkill) };
  const [a, b] = members;
  return {
    officerIds: [...officerIds],
    start: a.start,
    end: a.end,
    shiftStart: Math.max(a.shiftStart, b.shiftStart),
    shiftEnd: Math.min(a.shiftEnd, b.shiftEnd),
    breakMinutes: Math.max(a.breakMinutes, b.breakMinutes),
    breakWindow: a.breakWindow,
    skills: [...new Set([...a.skills, ...b.skills, settings.crewSkill])].sort(),
  };
}
