/**
 * Typed errors of the planning rules. The server answers a PlanningInputError with a 4xx naming
 * `field` (and the case or officer); anything else is a bug. `kind` is the stable tag a planning
 * thread sends across to the server in place of the instance (the name is for people).
 */
export class PlanningInputError extends Error {
  readonly kind: 'planning-input' | 'calendar-range' = 'planning-input';

  constructor(
    message: string,
    /** The input field at fault, e.g. 'date', 'officerIds', 'cases[12].noticeDate'. */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'PlanningInputError';
  }
}

/** A date outside the bank-holiday data: clear days cannot be counted, so nothing is guessed. */
export class CalendarRangeError extends PlanningInputError {
  override readonly kind = 'calendar-range';

  constructor(
    message: string,
    readonly date: string,
    field?: string,
  ) {
    super(message, field);
    this.name = 'CalendarRangeError';
  }
}
