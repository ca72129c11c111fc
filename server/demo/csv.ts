import type { Case } from '../../solver/rules/types.js';

export const CSV_COLUMNS = [
  'case_ref',
  'debtor_ref',
  'name',
  'address',
  'postcode',
  'lat',
  'lon',
  'debt_type',
  'balance',
  'liability_order_date',
  'notice_date',
  'premises',
  'trading_hours',
  'vulnerable',
  'warning',
  'do_not_visit',
  'previous_attempts',
] as const;

function cell(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** Writes cases in the import format (README "Server and API"), so the demo goes through the real import. */
export function casesToCsv(cases: Case[], options: { withCoordinates?: boolean } = {}): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const c of cases) {
    const row = [
      c.ref,
      c.debtorRef,
      c.name,
      c.address,
      c.postcode,
      options.withCoordinates ? String(c.lat) : '',
      options.withCoordinates ? String(c.lon) : '',
      c.debtType,
      c.balance.toFixed(2),
      c.liabilityOrderDate,
      c.noticeDate,
      c.premises,
      c.tradingHours ?? '',
      c.vulnerable ? 'yes' : 'no',
      c.warning ? 'yes' : 'no',
      c.doNotVisit.join(';'),
      c.previousAttempts.join(';'),
    ];
    lines.push(row.map(cell).join(','));
  }
  return lines.join('\n') + '\n';
}
