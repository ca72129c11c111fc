import type { RoutingBackend } from '../../solver/roads/backend.js';
import { withStraightLinesOutside } from '../../solver/roads/outside.js';
import { loadBankHolidays, type BankHolidayCalendar } from '../../solver/rules/bank-holidays.js';
import { learnedSettings } from '../../solver/rules/learning.js';
import type { PlanningData } from './protocol.js';

let holidays: BankHolidayCalendar | undefined;

/** The bank-holiday file is read once per thread: it is immutable shipped data. */
function bankHolidays(): BankHolidayCalendar {
  holidays ??= loadBankHolidays();
  return holidays;
}

/**
 * The rules' planning context from stored data. Blackout dates live in the settings document; the
 * forecast's rates are the priors updated by the recorded outcomes' counts; the council's choice of
 * straight lines for cases beyond the road data is a setting too.
 */
export function planningContext(data: PlanningData, routing: RoutingBackend) {
  const { blackoutDates, sessions: _sessions, roadArea, ...stored } = data.settings;
  return {
    cases: data.cases,
    officers: data.officers,
    crews: data.crews,
    settings: learnedSettings(stored, data.outcomeCounts),
    calendar: bankHolidays(),
    routing: roadArea.outsideEstimates ? withStraightLinesOutside(routing) : routing,
    blackoutDates,
    holds: data.holds ?? [],
  };
}
