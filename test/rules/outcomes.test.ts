import { describe, expect, it } from 'vitest';
import { applyOutcome, mergeImportedCase, recordedFacts, type OutcomeRecord } from '../../solver/rules/outcomes.js';
import type { Case } from '../../solver/rules/types.js';

/** A case as a revenues file gives it: open, not vulnerable, one earlier attempt. */
function fromFile(overrides: Partial<Case> = {}): Case {
  return {
    ref: 'CT-1',
    debtorRef: 'D-1',
    name: 'Alex Example',
    address: '1 Sample Road',
    postcode: 'N11 1NN',
    lat: 51.61,
    lon: -0.14,
    debtType: 'council_tax',
    balance: 500,
    liabilityOrderDate: '2026-01-05',
    noticeDate: '2026-02-02',
    premises: 'domestic',
    vulnerable: false,
    warning: false,
    doNotVisit: [],
    previousAttempts: ['2026-02-20T18:30:00+00:00'],
    status: 'open',
    ...overrides,
  };
}

describe('applying an outcome when it is recorded', () => {
  it.each<[string, OutcomeRecord, Partial<Case>]>([
    [
      'vulnerable flags (the debtor is held, not the case suspended)',
      { kind: 'vulnerable', at: '2026-03-04T10:00:00Z' },
      { status: 'open', vulnerable: true, balance: 500 },
    ],
    ['arrangement suspends', { kind: 'arrangement', at: '2026-03-04T10:00:00Z' }, { status: 'suspended', vulnerable: false }],
    ['paid with no amount closes, nothing left to pay', { kind: 'paid', at: '2026-03-04T10:00:00Z' }, { status: 'closed', balance: 0 }],
    ['paid the whole balance closes', { kind: 'paid', at: '2026-03-04T10:00:00Z', amount: 500 }, { status: 'closed', balance: 0 }],
    ['paid more than the balance closes', { kind: 'paid', at: '2026-03-04T10:00:00Z', amount: 600 }, { status: 'closed', balance: 0 }],
    ['a part payment lowers the balance, stays open', { kind: 'paid', at: '2026-03-04T10:00:00Z', amount: 120.4 }, { status: 'open', balance: 379.6 }],
    ['goods controlled closes', { kind: 'goods_controlled', at: '2026-03-04T10:00:00Z' }, { status: 'closed', balance: 500 }],
    ['gone away closes', { kind: 'gone_away', at: '2026-03-04T10:00:00Z' }, { status: 'closed', balance: 500 }],
    [
      'no contact adds an attempt at the end',
      { kind: 'no_contact', at: '2026-03-04T10:00:00Z' },
      { status: 'open', previousAttempts: ['2026-02-20T18:30:00+00:00', '2026-03-04T10:00:00Z'] },
    ],
  ])('%s', (_, outcome, expected) => {
    const before = fromFile();
    expect(applyOutcome(before, outcome)).toMatchObject(expected);
    expect(before, 'the case given is not changed').toEqual(fromFile());
  });
});

describe('what recorded outcomes establish', () => {
  it('the last outcome that sets a status wins; a vulnerability stays recorded; attempts in order', () => {
    const vulnerable: OutcomeRecord = { kind: 'vulnerable', at: '2026-03-02T09:00:00Z' };
    const goneAway: OutcomeRecord = { kind: 'gone_away', at: '2026-03-05T09:00:00Z' };
    const facts = recordedFacts([
      { kind: 'no_contact', at: '2026-03-01T09:00:00Z' },
      vulnerable,
      { kind: 'paid', at: '2026-03-03T09:00:00Z', amount: 50, balanceBefore: 500 },
      goneAway,
      { kind: 'no_contact', at: '2026-03-06T09:00:00Z' },
    ]);
    expect(facts).toEqual({
      status: { value: 'closed', by: goneAway },
      vulnerability: vulnerable,
      attempts: ['2026-03-01T09:00:00Z', '2026-03-06T09:00:00Z'],
      // £50 of £500: a part payment, kept for a file exported before it.
      partPayments: [{ kind: 'paid', at: '2026-03-03T09:00:00Z', amount: 50, balanceBefore: 500 }],
    });
  });

  it('a payment closes only when it covered the balance it was recorded against', () => {
    expect(recordedFacts([{ kind: 'paid', at: '2026-03-03T09:00:00Z', amount: 500, balanceBefore: 500 }]).status?.value).toBe('closed');
    expect(recordedFacts([{ kind: 'paid', at: '2026-03-03T09:00:00Z', amount: 499.99, balanceBefore: 500 }]).status).toBeUndefined();
    expect(recordedFacts([{ kind: 'paid', at: '2026-03-03T09:00:00Z' }]).status?.value).toBe('closed');
    // An amount recorded without the balance (before it was kept) is not known to have cleared the debt.
    expect(recordedFacts([{ kind: 'paid', at: '2026-03-03T09:00:00Z', amount: 500 }]).status).toBeUndefined();
  });
});

describe('merging a re-imported case with what was recorded', () => {
  it('no outcomes: the file as it is, nothing kept', () => {
    expect(mergeImportedCase(fromFile({ balance: 320 }), [])).toEqual({ case: fromFile({ balance: 320 }) });
  });

  it('a vulnerability recorded keeps the case vulnerable over a file that says no', () => {
    const merged = mergeImportedCase(fromFile({ balance: 450, address: '1 Sample Road, Flat 2' }), [{ kind: 'vulnerable', at: '2026-03-04T10:00:00Z' }]);
    expect(merged.case).toEqual(fromFile({ balance: 450, address: '1 Sample Road, Flat 2', vulnerable: true }));
    expect(merged.kept).toEqual({ fields: ['vulnerable'], reason: 'vulnerability recorded 2026-03-04' });
  });

  it('a file that itself says vulnerable agrees with a recorded vulnerability: nothing kept', () => {
    const file = fromFile({ vulnerable: true });
    expect(mergeImportedCase(file, [{ kind: 'vulnerable', at: '2026-03-04T10:00:00Z' }])).toEqual({ case: file });
  });

  it('an arrangement keeps the suspension', () => {
    const merged = mergeImportedCase(fromFile(), [{ kind: 'arrangement', at: '2026-03-04T10:00:00Z' }]);
    expect(merged.case.status).toBe('suspended');
    expect(merged.kept).toEqual({ fields: ['status'], reason: 'suspended: arrangement recorded 2026-03-04' });
  });

  it('a case closed by an outcome stays closed, whatever the file says; the file still owns the balance', () => {
    const paid = mergeImportedCase(fromFile({ balance: 500 }), [{ kind: 'paid', at: '2026-03-04T10:00:00Z', amount: 500, balanceBefore: 500 }]);
    expect(paid.case).toEqual(fromFile({ balance: 500, status: 'closed' }));
    expect(paid.kept).toEqual({ fields: ['status'], reason: "closed by a 'paid' outcome recorded 2026-03-04" });

    const suspendedInFile = mergeImportedCase(fromFile({ vulnerable: true, status: 'suspended' }), [{ kind: 'goods_controlled', at: '2026-03-04T10:00:00Z' }]);
    expect(suspendedInFile.case).toMatchObject({ status: 'closed', vulnerable: true });
    expect(suspendedInFile.kept).toEqual({ fields: ['status'], reason: "closed by a 'goods_controlled' outcome recorded 2026-03-04" });
  });

  it('a part payment does not change what the file says', () => {
    const file = fromFile({ balance: 380 });
    expect(mergeImportedCase(file, [{ kind: 'paid', at: '2026-03-04T10:00:00Z', amount: 120, balanceBefore: 500 }])).toEqual({ case: file });
  });

  it('a vulnerability recorded before a closing outcome is named after the closure', () => {
    const merged = mergeImportedCase(fromFile(), [
      { kind: 'vulnerable', at: '2026-03-02T10:00:00Z' },
      { kind: 'gone_away', at: '2026-03-04T10:00:00Z' },
    ]);
    expect(merged.case).toMatchObject({ status: 'closed', vulnerable: true });
    expect(merged.kept).toEqual({
      fields: ['status', 'vulnerable'],
      reason: "closed by a 'gone_away' outcome recorded 2026-03-04; vulnerability recorded 2026-03-02",
    });
  });

  it('the date in a reason is the London date of the visit', () => {
    // 23:30 UTC on 4 June is 00:30 on 5 June in London (BST).
    expect(mergeImportedCase(fromFile(), [{ kind: 'arrangement', at: '2026-06-04T23:30:00Z' }]).kept?.reason).toBe(
      'suspended: arrangement recorded 2026-06-05',
    );
  });

  it('recorded attempts merge with the file: one per instant, oldest first; kept only when the file left one out', () => {
    const recorded: OutcomeRecord[] = [
      { kind: 'no_contact', at: '2026-03-04T10:00:00Z' },
      { kind: 'no_contact', at: '2026-02-10T08:15:00+00:00' },
    ];
    // The file lists the 4 March attempt in another spelling of the same instant, and leaves out 10 February.
    const merged = mergeImportedCase(fromFile({ previousAttempts: ['2026-03-04T10:00:00+00:00', '2026-02-20T18:30:00+00:00'] }), recorded);
    expect(merged.case.previousAttempts).toEqual(['2026-02-10T08:15:00+00:00', '2026-02-20T18:30:00+00:00', '2026-03-04T10:00:00+00:00']);
    expect(merged.case.status).toBe('open');
    expect(merged.kept).toEqual({ fields: ['previous_attempts'], reason: 'a no-contact attempt recorded 2026-02-10 kept' });

    // London local time without an offset: 11:00 in BST is 10:00Z.
    const all = mergeImportedCase(fromFile({ previousAttempts: ['2026-06-01T11:00', '2026-02-10T08:15:00Z'] }), [
      { kind: 'no_contact', at: '2026-06-01T10:00:00Z' },
      { kind: 'no_contact', at: '2026-02-10T08:15:00Z' },
    ]);
    expect(all.case.previousAttempts).toEqual(['2026-02-10T08:15:00Z', '2026-06-01T11:00']);
    expect(all.kept).toBeUndefined();
  });
});
