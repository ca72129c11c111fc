/**
 * The admin's settings form: the main fields as text boxes, turned into a PATCH of the fields
 * that changed. The server is the judge of ranges and of the statutory safeguards (a change that
 * loosens one is a 422 naming the field and its regulation); here only what is not a number or a
 * date at all is caught, so that the admin is told which box before anything is sent.
 */
import type { FieldProblem, Settings } from '../api/schemas';

export interface SettingsForm {
  visitStart: string;
  visitEnd: string;
  limitMonths: string;
  suspendVulnerable: boolean;
  defaultWeight: string;
  visitMinutes: string;
  maxVisitsPerRoute: string;
  /** One date (YYYY-MM-DD) per line; commas also separate. */
  blackoutDates: string;
  idleMinutes: string;
  absoluteHours: string;
}

export function formFromSettings(s: Settings): SettingsForm {
  return {
    visitStart: s.visitingHours.start,
    visitEnd: s.visitingHours.end,
    limitMonths: String(s.limitMonths),
    suspendVulnerable: s.suspendVulnerable,
    defaultWeight: String(s.defaultWeight),
    visitMinutes: String(s.visitMinutes),
    maxVisitsPerRoute: String(s.maxVisitsPerRoute),
    blackoutDates: s.blackoutDates.join('\n'),
    idleMinutes: String(s.sessions.idleMinutes),
    absoluteHours: String(s.sessions.absoluteHours),
  };
}

export type SettingsPatch = Record<string, unknown>;

/** The PATCH body of the fields whose value differs from `current`, or the boxes that hold no usable value. */
export function patchFromForm(form: SettingsForm, current: Settings): { patch: SettingsPatch } | { problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const number = (field: string, text: string): number => {
    const n = Number(text.trim());
    if (text.trim() === '' || !Number.isFinite(n)) problems.push({ field, message: 'a number' });
    return n;
  };
  const dates = form.blackoutDates
    .split(/[\s,]+/)
    .map((d) => d.trim())
    .filter(Boolean);
  for (const d of dates) if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) problems.push({ field: 'blackoutDates', message: `'${d}' is not a date YYYY-MM-DD` });
  const next: SettingsPatch = {
    visitingHours: { ...current.visitingHours, start: form.visitStart.trim(), end: form.visitEnd.trim() },
    limitMonths: number('limitMonths', form.limitMonths),
    suspendVulnerable: form.suspendVulnerable,
    defaultWeight: number('defaultWeight', form.defaultWeight),
    visitMinutes: number('visitMinutes', form.visitMinutes),
    maxVisitsPerRoute: number('maxVisitsPerRoute', form.maxVisitsPerRoute),
    blackoutDates: dates,
    sessions: {
      ...current.sessions,
      idleMinutes: number('sessions.idleMinutes', form.idleMinutes),
      absoluteHours: number('sessions.absoluteHours', form.absoluteHours),
    },
  };
  if (problems.length > 0) return { problems };
  const patch: SettingsPatch = {};
  for (const [key, value] of Object.entries(next)) {
    if (JSON.stringify(value) !== JSON.stringify((current as Record<string, unknown>)[key])) patch[key] = value;
  }
  return { patch };
}

/** The JSON editor's text as a settings document, or why it is not one. */
export function parseSettingsJson(text: string): { value: unknown } | { error: string } {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return { error: 'The settings are one JSON object ({ ... }).' };
    return { value };
  } catch (err) {
    return { error: `Not valid JSON: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/** Each field the server (or the form) named, as a line a person reads: "visitingHours.start: reg 13(1)(a): ...". */
export function problemLines(problems: FieldProblem[]): string[] {
  return problems.map((p) => {
    const where = [p.row !== undefined ? `row ${p.row}` : '', p.field.replace(/^body\.?/, '')].filter(Boolean).join(', ');
    return where ? `${where}: ${p.message}` : p.message;
  });
}
