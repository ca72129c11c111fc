/**
 * Numbered schema migrations, applied in order inside one transaction each and recorded in
 * `migrations`. Never edit a migration that has shipped: add the next number.
 */
export const MIGRATIONS: ReadonlyArray<{ id: number; name: string; sql: string }> = [
  {
    id: 1,
    name: 'initial schema',
    sql: `
      CREATE TABLE cases (
        ref TEXT PRIMARY KEY,
        debtor_ref TEXT NOT NULL,
        name TEXT NOT NULL,
        address TEXT NOT NULL,
        postcode TEXT NOT NULL,
        lat REAL NOT NULL,
        lon REAL NOT NULL,
        debt_type TEXT NOT NULL CHECK (debt_type IN ('council_tax','nndr','bid','hbop')),
        balance REAL NOT NULL CHECK (balance >= 0),
        liability_order_date TEXT NOT NULL,
        notice_date TEXT NOT NULL,
        premises TEXT NOT NULL CHECK (premises IN ('domestic','business')),
        trading_hours TEXT,
        vulnerable INTEGER NOT NULL,
        warning INTEGER NOT NULL,
        do_not_visit TEXT NOT NULL,
        previous_attempts TEXT NOT NULL,
        arrangement_breached_date TEXT,
        status TEXT NOT NULL CHECK (status IN ('open','suspended','closed')),
        updated_at TEXT NOT NULL
      );
      CREATE INDEX cases_status ON cases(status);
      CREATE INDEX cases_debtor ON cases(debtor_ref);

      CREATE TABLE officers (
        id TEXT PRIMARY KEY,
        body TEXT NOT NULL
      );

      CREATE TABLE crews (
        id TEXT PRIMARY KEY,
        officer_a TEXT NOT NULL REFERENCES officers(id) ON DELETE CASCADE,
        officer_b TEXT NOT NULL REFERENCES officers(id) ON DELETE CASCADE
      );

      CREATE TABLE settings (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        body TEXT NOT NULL
      );

      CREATE TABLE plans (
        id TEXT PRIMARY KEY,
        date TEXT NOT NULL,
        latest_version INTEGER NOT NULL
      );
      CREATE TABLE plan_versions (
        plan_id TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
        version INTEGER NOT NULL,
        body TEXT NOT NULL,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        PRIMARY KEY (plan_id, version)
      );

      CREATE TABLE outcomes (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        case_ref TEXT NOT NULL REFERENCES cases(ref) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('paid','arrangement','no_contact','goods_controlled','vulnerable','gone_away')),
        at TEXT NOT NULL,
        officer_id TEXT,
        amount REAL,
        note TEXT,
        recorded_by TEXT NOT NULL
      );
      CREATE INDEX outcomes_case ON outcomes(case_ref);

      CREATE TABLE audit (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        entity TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        detail TEXT NOT NULL
      );
    `,
  },
  {
    id: 2,
    name: 'accounts, sessions and sign-in throttling',
    sql: `
      -- password_hash is NULL for accounts that sign in only through the council's identity provider.
      CREATE TABLE users (
        username TEXT PRIMARY KEY,
        display_name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('officer','team_leader','manager','admin')),
        officer_id TEXT,
        password_hash TEXT,
        source TEXT NOT NULL CHECK (source IN ('local','oidc')),
        disabled INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );

      -- Only a hash of the session token is kept: a copy of the database cannot be used to sign in.
      CREATE TABLE sessions (
        id_hash TEXT PRIMARY KEY,
        username TEXT NOT NULL REFERENCES users(username) ON DELETE CASCADE,
        created_at TEXT NOT NULL,
        last_seen_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      );
      CREATE INDEX sessions_user ON sessions(username);

      -- Failed sign-ins by key ('account:NAME' or 'address:IP'), whether or not the account exists.
      CREATE TABLE sign_in_failures (
        key TEXT NOT NULL,
        at TEXT NOT NULL
      );
      CREATE INDEX sign_in_failures_key ON sign_in_failures(key, at);
    `,
  },
  {
    id: 3,
    name: 'the audit trail: append-only and hash-chained',
    // The rows written before the chain existed are hashed here, in id order, in the migration's
    // own transaction and before the triggers exist: the triggers then have no exception to make
    // (no "may set a NULL hash once"), and no moment exists when a row is unchained. SQLite has no
    // SHA-256, so the store registers audit_row_hash (server/store/sqlite-audit.ts) on its
    // connection before migrating; the same function writes and verifies every later row.
    sql: `
      ALTER TABLE audit ADD COLUMN prev_hash TEXT;
      ALTER TABLE audit ADD COLUMN hash TEXT;
      WITH RECURSIVE chain(id, prev_hash, hash) AS (
        SELECT id, '${'0'.repeat(64)}', audit_row_hash(id, at, actor, action, entity, entity_id, detail, '${'0'.repeat(64)}')
          FROM audit WHERE id = (SELECT min(id) FROM audit)
        UNION ALL
        SELECT a.id, c.hash, audit_row_hash(a.id, a.at, a.actor, a.action, a.entity, a.entity_id, a.detail, c.hash)
          FROM chain c JOIN audit a ON a.id = (SELECT min(n.id) FROM audit n WHERE n.id > c.id)
      )
      UPDATE audit SET prev_hash = chain.prev_hash, hash = chain.hash FROM chain WHERE audit.id = chain.id;

      -- Two rows can never follow the same row: the chain cannot fork.
      CREATE UNIQUE INDEX audit_chain ON audit(prev_hash);
      CREATE INDEX audit_actor ON audit(actor, id);
      CREATE INDEX audit_entity ON audit(entity, entity_id, id);

      CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only: its rows cannot be changed'); END;
      CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only: its rows cannot be deleted'); END;
      -- A new row goes at the end and names the last row's hash (the hash itself is checked by verify).
      CREATE TRIGGER audit_append_only BEFORE INSERT ON audit
        WHEN NEW.id IS NULL OR NEW.id <= coalesce((SELECT max(id) FROM audit), 0)
          OR NEW.hash IS NULL OR length(NEW.hash) <> 64
          OR NEW.prev_hash IS NOT coalesce((SELECT hash FROM audit ORDER BY id DESC LIMIT 1), '${'0'.repeat(64)}')
        BEGIN SELECT RAISE(ABORT, 'an audit row must extend the chain: the next id, prev_hash the last row''s hash, and its hash'); END;
    `,
  },
  {
    id: 4,
    name: 'outcomes keep the balance a payment was made against',
    // Whether a payment cleared the debt is a fact of the visit; the next import replays it
    // (solver/rules/outcomes.ts) against a balance the revenues file may since have changed.
    // Payments recorded before: a case a payment closed was left closed with nothing to pay, so
    // its latest payment cleared it; the others stay unknown, read as part payments.
    sql: `
      ALTER TABLE outcomes ADD COLUMN balance_before REAL;
      UPDATE outcomes SET balance_before = amount
        WHERE kind = 'paid' AND amount IS NOT NULL
          AND id = (SELECT max(p.id) FROM outcomes p WHERE p.case_ref = outcomes.case_ref AND p.kind = 'paid')
          AND case_ref IN (SELECT ref FROM cases WHERE status = 'closed' AND balance = 0);
    `,
  },
  {
    id: 5,
    name: 'retention: when a case closed, erased personal data, the erasure list, plan stops by case',
    // closed_at starts the retention clock: the moment Rounds stored the case as closed (an outcome,
    // an import or an erasure), kept by triggers so that every path that writes a status sets it.
    // Cases closed before: their updated_at, which is never earlier than the closure (so the clock
    // never runs early). erased_at marks a case whose personal fields are erased; `erasures` lists
    // the debtors erased on request, which the import does not bring back. plan_stop_cases says which
    // plan versions hold a case on a stop, so that an erasure finds them without reading every plan.
    sql: `
      ALTER TABLE cases ADD COLUMN closed_at TEXT;
      ALTER TABLE cases ADD COLUMN erased_at TEXT;
      UPDATE cases SET closed_at = updated_at WHERE status = 'closed';
      CREATE INDEX cases_closed_at ON cases(closed_at) WHERE status = 'closed' AND erased_at IS NULL;

      CREATE TRIGGER cases_closed_on_insert AFTER INSERT ON cases WHEN NEW.status = 'closed'
      BEGIN
        UPDATE cases SET closed_at = NEW.updated_at WHERE ref = NEW.ref;
      END;
      CREATE TRIGGER cases_closed_on_update AFTER UPDATE OF status ON cases WHEN NEW.status = 'closed' AND OLD.status <> 'closed'
      BEGIN
        UPDATE cases SET closed_at = NEW.updated_at WHERE ref = NEW.ref;
      END;
      CREATE TRIGGER cases_reopened AFTER UPDATE OF status ON cases WHEN NEW.status <> 'closed' AND OLD.closed_at IS NOT NULL
      BEGIN
        UPDATE cases SET closed_at = NULL WHERE ref = NEW.ref;
      END;

      CREATE TABLE erasures (
        debtor_ref TEXT PRIMARY KEY,
        erased_at TEXT NOT NULL
      );

      CREATE TABLE plan_stop_cases (
        plan_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        case_ref TEXT NOT NULL,
        PRIMARY KEY (case_ref, plan_id, version),
        FOREIGN KEY (plan_id, version) REFERENCES plan_versions(plan_id, version) ON DELETE CASCADE
      );
      CREATE INDEX plan_stop_cases_version ON plan_stop_cases(plan_id, version);
      CREATE TRIGGER plan_versions_stop_cases AFTER INSERT ON plan_versions
      BEGIN
        INSERT OR IGNORE INTO plan_stop_cases (plan_id, version, case_ref)
          SELECT NEW.plan_id, NEW.version, ref.value
          FROM json_each(NEW.body, '$.routes') AS route, json_each(route.value, '$.stops') AS stop, json_each(stop.value, '$.caseRefs') AS ref;
      END;
      INSERT OR IGNORE INTO plan_stop_cases (plan_id, version, case_ref)
        SELECT v.plan_id, v.version, ref.value
        FROM plan_versions AS v, json_each(v.body, '$.routes') AS route, json_each(route.value, '$.stops') AS stop, json_each(stop.value, '$.caseRefs') AS ref;
    `,
  },
  {
    id: 6,
    name: "holds on debtors: vulnerability, a team leader's hold, a review of others at the address",
    // A vulnerability is the debtor's (solver/rules/person.ts): it holds every case of theirs until
    // a team leader clears the hold, with a reason. The reasons are personal data: kept here,
    // never in logs or the audit (which records that a hold was set or cleared, and by whom).
    // cause_hold_id links a review to the vulnerability that opened it. At most one active hold of
    // each kind per debtor, a team leader's own holds aside.
    // Before: a vulnerability flag (from the file or an outcome) suspended its case. Each flagged
    // debtor gets a hold, and their cases that only a vulnerability suspended are open again: the
    // hold keeps them out of every plan until it is cleared. A case whose last arrangement-or-
    // vulnerability outcome was an arrangement stays suspended.
    sql: `
      CREATE TABLE debtor_holds (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        debtor_ref TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('vulnerable','manual','review')),
        reason TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
        set_by TEXT NOT NULL,
        set_at TEXT NOT NULL,
        cause_hold_id INTEGER REFERENCES debtor_holds(id),
        cleared_by TEXT,
        cleared_at TEXT,
        clear_reason TEXT CHECK (clear_reason IS NULL OR length(clear_reason) BETWEEN 1 AND 500),
        CHECK ((cleared_at IS NULL) = (cleared_by IS NULL) AND (cleared_at IS NULL) = (clear_reason IS NULL))
      );
      CREATE INDEX debtor_holds_debtor ON debtor_holds(debtor_ref, id);
      CREATE UNIQUE INDEX debtor_holds_one_active ON debtor_holds(debtor_ref, kind) WHERE cleared_at IS NULL AND kind <> 'manual';

      INSERT INTO debtor_holds (debtor_ref, kind, reason, set_by, set_at)
        SELECT debtor_ref, 'vulnerable', 'vulnerability recorded before holds on debtors existed', 'migration', strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
        FROM cases WHERE vulnerable = 1 AND erased_at IS NULL GROUP BY debtor_ref ORDER BY debtor_ref;

      UPDATE cases SET status = 'open', updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
        WHERE status = 'suspended' AND vulnerable = 1
          AND coalesce((SELECT o.kind FROM outcomes o WHERE o.case_ref = cases.ref AND o.kind IN ('arrangement', 'vulnerable') ORDER BY o.id DESC LIMIT 1), 'vulnerable') = 'vulnerable';
    `,
  },
  {
    id: 7,
    name: 'notice given by method, a case notice period, Breathing Space',
    // NULL notice_method is post, the cautious default: a notice stored before this migration is
    // counted from the second business day after its date (solver/rules/notice.ts).
    sql: `
      ALTER TABLE cases ADD COLUMN notice_method TEXT CHECK (notice_method IN ('post','hand','email','fixed'));
      ALTER TABLE cases ADD COLUMN notice_period_days INTEGER CHECK (notice_period_days IN (7, 14, 28));
      ALTER TABLE cases ADD COLUMN breathing_space_until TEXT;
    `,
  },
  {
    id: 8,
    name: 'lone-working check-ins, and idempotency keys for outcomes and check-ins sent from a phone',
    // Plain SQL that ports to PostgreSQL (INTEGER PRIMARY KEY AUTOINCREMENT becomes an identity
    // column). A key is its sender's (actor): the same key from another user is another request.
    // The key row names what the first request recorded, so a replay answers that; the fingerprint
    // (a SHA-256 of the request body, no personal data in clear) tells a replay from a reused key.
    // check_ins.at is the UTC instant the officer pressed "checked in"; day is its London date.
    sql: `
      CREATE TABLE check_ins (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        officer_id TEXT NOT NULL,
        at TEXT NOT NULL,
        day TEXT NOT NULL,
        recorded_by TEXT NOT NULL,
        recorded_at TEXT NOT NULL
      );
      CREATE INDEX check_ins_day ON check_ins(day, officer_id, at);

      CREATE TABLE idempotency_keys (
        actor TEXT NOT NULL,
        key TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        outcome_id INTEGER REFERENCES outcomes(id) ON DELETE CASCADE,
        case_status TEXT,
        check_in_id INTEGER REFERENCES check_ins(id) ON DELETE CASCADE,
        created_at TEXT NOT NULL,
        PRIMARY KEY (actor, key),
        CHECK ((outcome_id IS NULL) <> (check_in_id IS NULL))
      );
      CREATE INDEX idempotency_keys_created ON idempotency_keys(created_at);
    `,
  },
  {
    id: 9,
    name: 'a plan version remembers the planning job that saved it',
    // A job retried after its worker died (the queue's at-least-once delivery) saves its plan again:
    // the unique job id makes the second save answer the first version instead (issue 12).
    sql: `
      ALTER TABLE plan_versions ADD COLUMN job_id TEXT;
      CREATE UNIQUE INDEX plan_versions_job ON plan_versions(job_id) WHERE job_id IS NOT NULL;
    `,
  },
  {
    id: 10,
    name: "a plan is one team's day or the whole area's",
    // NULL: the whole area's plan (every plan before teams, and a plan of several teams' officers).
    sql: `
      ALTER TABLE plans ADD COLUMN team TEXT;
      CREATE INDEX plans_date_team ON plans(date, team);
    `,
  },
  {
    id: 11,
    name: 'the newest audit row of an entity, found without a scan',
    // The forecast's cache (server/jobs/planning-data.ts) asks, on every reorder, for the newest row
    // about a case, a debtor and retention: audit_entity (entity, entity_id, id) made that a scan of
    // every such row and a sort.
    sql: `
      CREATE INDEX audit_entity_newest ON audit(entity, id);
    `,
  },
  {
    id: 12,
    name: "a team leader's account may be one team's",
    // NULL: the whole area's team leader (every account before this, and a single team's council).
    sql: `
      ALTER TABLE users ADD COLUMN team TEXT;
    `,
  },
  {
    id: 13,
    name: 'the outcomes since a day, found without a scan',
    // An officer's phone asks for its routes' outcomes since a day (GET /api/outcomes?since=),
    // which read every outcome of the council before.
    sql: `
      CREATE INDEX outcomes_at ON outcomes(at);
    `,
  },
  {
    id: 14,
    name: "a single sign-on account's person at the identity provider",
    // The issuer and sub of the ID token (OpenID Connect Core 5.7): the username claim names the
    // account, the subject says whose it is. NULL: a password account, or one kept before this.
    sql: `
      ALTER TABLE users ADD COLUMN subject TEXT;
    `,
  },
  {
    id: 15,
    name: 'plan_stop_cases lists the unplanned cases of a version too',
    // An erasure finds the versions that hold a case through plan_stop_cases; a case left out of a
    // plan (held as vulnerable, say) is in its unplanned list with the reason, which the erasure
    // removes too, but was never listed, so those versions kept it.
    sql: `
      CREATE TRIGGER plan_versions_unplanned_cases AFTER INSERT ON plan_versions
      BEGIN
        INSERT OR IGNORE INTO plan_stop_cases (plan_id, version, case_ref)
          SELECT NEW.plan_id, NEW.version, json_extract(u.value, '$.caseRef')
          FROM json_each(NEW.body, '$.unplanned') AS u
          WHERE json_extract(u.value, '$.caseRef') IS NOT NULL;
      END;
      INSERT OR IGNORE INTO plan_stop_cases (plan_id, version, case_ref)
        SELECT v.plan_id, v.version, json_extract(u.value, '$.caseRef')
        FROM plan_versions AS v, json_each(v.body, '$.unplanned') AS u
        WHERE json_extract(u.value, '$.caseRef') IS NOT NULL;
    `,
  },
  {
    id: 16,
    name: 'a vulnerability found again is a hold of its own',
    // One active vulnerability hold per debtor made a doorstep finding disappear into an older hold
    // (last month's import flag), and clearing that cleared the finding with it. Each finding is now
    // its own hold; a debtor still has one active review at most.
    sql: `
      DROP INDEX debtor_holds_one_active;
      CREATE UNIQUE INDEX debtor_holds_one_active_review ON debtor_holds(debtor_ref) WHERE cleared_at IS NULL AND kind = 'review';
    `,
  },
];
