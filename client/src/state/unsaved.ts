/**
 * An edit of the order the server has not saved because the session ended before it could. The
 * draft stays on screen; once the same user signs in again it is sent as it was, on top of the
 * version it was based on, so the server either saves it or says (409) that someone else changed
 * the plan meanwhile. Nothing else survives a change of user.
 */
import type { Plan, SessionUser } from '../api/schemas';
import { evaluateBody, type Draft, type EvaluateBody } from './draft';

export interface UnsavedEdit {
  planId: string;
  /** The saved version the edit was made on. */
  baseVersion: number;
  draft: Draft;
}

/** The edit to keep when a request for `draft` found the session over; null when there is nothing to keep. */
export function unsavedEdit(plan: Plan | null, draft: Draft | null, onScreen: Draft | null): UnsavedEdit | null {
  // A draft that a later edit replaced is not kept: the later one is what the user sees.
  if (!plan?.id || plan.version === undefined || !draft || draft !== onScreen) return null;
  return { planId: plan.id, baseVersion: plan.version, draft };
}

/** A save of an earlier edit landed after the later one was kept: the kept one now builds on that version. */
export function rebased(edit: UnsavedEdit | null, planId: string, savedVersion: number | undefined): UnsavedEdit | null {
  if (!edit || savedVersion === undefined || edit.planId !== planId || savedVersion <= edit.baseVersion) return edit;
  return { ...edit, baseVersion: savedVersion };
}

/** The body of PUT /api/plans/:id that re-sends the edit. */
export function resendBody(edit: UnsavedEdit): EvaluateBody & { baseVersion: number } {
  return { ...evaluateBody(edit.draft), baseVersion: edit.baseVersion };
}

/**
 * What signing in does to what is on screen:
 * - `load`: nobody was signed in (first visit, or after signing out): load the day;
 * - `fresh`: someone else was: nothing of theirs stays, start afresh;
 * - `resend`: the same user, with an edit the ended session did not save: send it;
 * - `refresh`: the same user, nothing unsaved: carry on, with the day as the server has it now.
 */
export type AfterSignIn = { kind: 'load' } | { kind: 'fresh' } | { kind: 'resend'; edit: UnsavedEdit } | { kind: 'refresh' };

export function afterSignIn(previous: Pick<SessionUser, 'username'> | null, signedIn: Pick<SessionUser, 'username'>, edit: UnsavedEdit | null): AfterSignIn {
  if (!previous) return { kind: 'load' };
  if (previous.username !== signedIn.username) return { kind: 'fresh' };
  return edit ? { kind: 'resend', edit } : { kind: 'refresh' };
}

/** What the user reads when the kept edit could not be saved because the plan moved on (409). */
export function changedMeanwhile(serverDetail: string): string {
  return `Your change was not saved: someone else changed the plan while you were signed out (${serverDetail}). The plan now shows their version; make your change again if it is still needed.`;
}
