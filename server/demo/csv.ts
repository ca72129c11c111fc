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

/** Columns written only when some case has a value: a file without them reads as post, the law's period, no breathing space. */
const OPTIONAL_CSV_COLUMNS: ReadonlyArray<{ column: string; value: (c: Case) => string | undefined }> = [
  { column: 'notice_method', value: (c) => c.noticeMethod },
  { column: 'notice_period_days', value: (c) => (c.noticePeriodDays === undefined ? undefined : String(c.noticePeriodDays)) },
  { column: 'breathing_space_until', value: (c) => c.breathingSpaceUntil },
];

function cell(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** Writes cases in the import format (README "Server and API"), so the demo goes through the real import. */
export function casesToCsv(cases: Case[], options: { withCoordinates?: boolean } = {}): string {
  const optional = OPTIONAL_CSV_COLUMNS.filter((o) => cases.some((c) => o.value(c) !== undefined));
  const lines = [[...CSV_COLUMNS, ...optional.map((o) => o.column)].join(',')];
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
      ...optional.map((o) => o.value(c) ?? ''),
    ];
    lines.push(row.map(cell).join(','));
  }
  return lines.join('\n') + '\n';
}
