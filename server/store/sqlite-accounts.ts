import type Database from 'better-sqlite3';
import type { Role } from '../auth/roles.js';
import { changesWithout } from './audit-changes.js';
import { ConflictError, NotFoundError, type AccountStore, type NewUser, type Session, type User, type UserChange } from './store.js';

/** The audit actor of accounts the identity provider creates or changes at sign-in. */
export const OIDC_ACTOR = 'system:identity-provider';

const ACCOUNT_PERSONAL_FIELDS: ReadonlySet<string> = new Set(['displayName']);

type Row = Record<string, unknown>;
type Audit = (actor: string, action: string, entity: string, entityId: string, detail?: Record<string, unknown>) => void;

function userFromRow(r: Row): User {
  const u: User = {
    username: r.username as string,
    displayName: r.display_name as string,
    role: r.role as Role,
    source: r.source as User['source'],
    disabled: r.disabled === 1,
    createdAt: r.created_at as string,
    updatedAt: r.updated_at as string,
  };
  if (r.officer_id != null) u.officerId = r.officer_id as string;
  return u;
}

function sessionFromRow(r: Row): Session {
  return {
    idHash: r.id_hash as string,
    username: r.username as string,
    createdAt: r.created_at as string,
    lastSeenAt: r.last_seen_at as string,
    expiresAt: r.expires_at as string,
  };
}

/** Accounts and sessions in the embedded SQLite store (same database, same transactions, same audit). */
export class SqliteAccounts implements AccountStore {
  constructor(
    private readonly db: Database.Database,
    private readonly audit: Audit,
  ) {}

  async createUser(user: NewUser, actor: string): Promise<User> {
    const now = new Date().toISOString();
    this.db.transaction(() => {
      if (this.db.prepare('SELECT 1 FROM users WHERE username = ?').get(user.username)) {
        throw new ConflictError(`An account '${user.username}' already exists`, 0);
      }
      this.db
        .prepare(
          `INSERT INTO users (username, display_name, role, officer_id, password_hash, source, disabled, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)`,
        )
        .run(user.username, user.displayName, user.role, user.officerId ?? null, user.passwordHash ?? null, user.source, now, now);
      this.audit(actor, 'create', 'user', user.username, { role: user.role, officerId: user.officerId ?? null, source: user.source });
    })();
    return (await this.getUser(user.username))!;
  }

  async getUser(username: string): Promise<User | undefined> {
    const row = this.db.prepare('SELECT * FROM users WHERE username = ?').get(username) as Row | undefined;
    return row && userFromRow(row);
  }

  async getCredentials(username: string): Promise<{ user: User; passwordHash?: string } | undefined> {
    const row = this.db.prepare('SELECT * FROM users WHERE username = ?').get(username) as Row | undefined;
    if (!row) return undefined;
    return { user: userFromRow(row), ...(row.password_hash != null ? { passwordHash: row.password_hash as string } : {}) };
  }

  async listUsers(): Promise<User[]> {
    return (this.db.prepare('SELECT * FROM users ORDER BY username').all() as Row[]).map(userFromRow);
  }

  async updateUser(username: string, change: UserChange, actor: string): Promise<User> {
    this.db.transaction(() => {
      const row = this.db.prepare('SELECT * FROM users WHERE username = ?').get(username) as Row | undefined;
      if (!row) throw new NotFoundError(`No account '${username}'`);
      const before = userFromRow(row);
      const after = {
        displayName: change.displayName ?? before.displayName,
        role: change.role ?? before.role,
        officerId: change.officerId === undefined ? (before.officerId ?? null) : change.officerId,
        disabled: change.disabled ?? before.disabled,
      };
      this.db
        .prepare('UPDATE users SET display_name = ?, role = ?, officer_id = ?, disabled = ?, updated_at = ? WHERE username = ?')
        .run(after.displayName, after.role, after.officerId, after.disabled ? 1 : 0, new Date().toISOString(), username);
      // A disabled account, or one whose role changed, signs in again (its sessions carried the old rights).
      if (after.disabled || after.role !== before.role || after.officerId !== (before.officerId ?? null)) {
        this.db.prepare('DELETE FROM sessions WHERE username = ?').run(username);
      }
      const old = { displayName: before.displayName, role: before.role, officerId: before.officerId ?? null, disabled: before.disabled };
      // A display name is a person's name: the audit says it changed, not what it was or became.
      this.audit(actor, 'update', 'user', username, { changes: changesWithout(ACCOUNT_PERSONAL_FIELDS, old, after) });
    })();
    return (await this.getUser(username))!;
  }

  async setPasswordHash(username: string, passwordHash: string, actor: string): Promise<void> {
    this.db.transaction(() => {
      const { changes } = this.db
        .prepare('UPDATE users SET password_hash = ?, updated_at = ? WHERE username = ?')
        .run(passwordHash, new Date().toISOString(), username);
      if (changes === 0) throw new NotFoundError(`No account '${username}'`);
      this.db.prepare('DELETE FROM sessions WHERE username = ?').run(username);
      this.audit(actor, 'set-password', 'user', username);
    })();
  }

  async upsertIdentityProviderUser(user: Omit<NewUser, 'source' | 'passwordHash'>): Promise<User> {
    const existing = await this.getUser(user.username);
    if (!existing) return this.createUser({ ...user, source: 'oidc' }, OIDC_ACTOR);
    if (existing.source !== 'oidc') throw new ConflictError(`The account '${user.username}' signs in with a password, not the identity provider`, 0);
    const change: UserChange = {};
    if (existing.displayName !== user.displayName) change.displayName = user.displayName;
    if (existing.role !== user.role) change.role = user.role;
    if ((existing.officerId ?? null) !== (user.officerId ?? null)) change.officerId = user.officerId ?? null;
    return Object.keys(change).length > 0 ? this.updateUser(user.username, change, OIDC_ACTOR) : existing;
  }

  async countUsers(): Promise<number> {
    return (this.db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n;
  }

  async createSession(s: Session): Promise<void> {
    this.db
      .prepare('INSERT INTO sessions (id_hash, username, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?)')
      .run(s.idHash, s.username, s.createdAt, s.lastSeenAt, s.expiresAt);
  }

  async getSession(idHash: string): Promise<Session | undefined> {
    const row = this.db.prepare('SELECT * FROM sessions WHERE id_hash = ?').get(idHash) as Row | undefined;
    return row && sessionFromRow(row);
  }

  async touchSession(idHash: string, at: string): Promise<void> {
    this.db.prepare('UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?').run(at, idHash);
  }

  async deleteSession(idHash: string): Promise<void> {
    this.db.prepare('DELETE FROM sessions WHERE id_hash = ?').run(idHash);
  }

  async deleteExpiredSessions(idleBefore: string, now: string): Promise<number> {
    return this.db.prepare('DELETE FROM sessions WHERE last_seen_at < ? OR expires_at <= ?').run(idleBefore, now).changes;
  }

  async countSignInFailures(key: string, since: string): Promise<number> {
    return (this.db.prepare('SELECT count(*) AS n FROM sign_in_failures WHERE key = ? AND at >= ?').get(key, since) as { n: number }).n;
  }

  async oldestSignInFailure(key: string, since: string): Promise<string | undefined> {
    const row = this.db.prepare('SELECT min(at) AS at FROM sign_in_failures WHERE key = ? AND at >= ?').get(key, since) as { at: string | null };
    return row.at ?? undefined;
  }

  async recordSignInFailure(keys: string[], at: string): Promise<void> {
    const insert = this.db.prepare('INSERT INTO sign_in_failures (key, at) VALUES (?, ?)');
    this.db.transaction(() => {
      for (const k of keys) insert.run(k, at);
      // Old failures say nothing about now: keep the table small.
      this.db.prepare('DELETE FROM sign_in_failures WHERE at < ?').run(new Date(Date.parse(at) - 86_400_000).toISOString());
    })();
  }

  async clearSignInFailures(key: string): Promise<void> {
    this.db.prepare('DELETE FROM sign_in_failures WHERE key = ?').run(key);
  }
}
