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
];
