import type { Role } from '../auth/roles.js';
import { changesWithout } from './audit-changes.js';
import type { Row, SqlClient } from './sql-client.js';
import type { Audit } from './sql-audit.js';
import { ConflictError, NotFoundError, type AccountStore, type NewUser, type Session, type User, type UserChange, type UserRightsRead } from './store.js';

/** The audit actor of accounts the identity provider creates or changes at sign-in. */
export const OIDC_ACTOR = 'system:identity-provider';

const ACCOUNT_PERSONAL_FIELDS: ReadonlySet<string> = new Set(['displayName', 'subject']);

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
  if (r.team != null) u.team = r.team as string;
  if (r.subject != null) u.subject = r.subject as string;
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

/** Accounts and sessions (same database, same transactions, same audit as the rest of the store). */
export class SqlAccounts implements AccountStore {
  constructor(
    private readonly db: SqlClient,
    private readonly audit: Audit,
  ) {}

  async createUser(user: NewUser, actor: string): Promise<User> {
    const now = new Date().toISOString();
    await this.db.transaction(async (tx) => {
      if (await tx.get('SELECT 1 FROM users WHERE username = ?', [user.username])) {
        throw new ConflictError(`An account '${user.username}' already exists`, 0);
      }
      await tx.run(
        `INSERT INTO users (username, display_name, role, officer_id, team, password_hash, source, subject, disabled, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)`,
        [
          user.username,
          user.displayName,
          user.role,
          user.officerId ?? null,
          user.team ?? null,
          user.passwordHash ?? null,
          user.source,
          user.subject ?? null,
          now,
          now,
        ],
      );
      await this.audit(tx, actor, 'create', 'user', user.username, {
        role: user.role,
        officerId: user.officerId ?? null,
        team: user.team ?? null,
        source: user.source,
      });
    });
    return (await this.getUser(user.username))!;
  }

  async getUser(username: string): Promise<User | undefined> {
    const row = await this.db.get('SELECT * FROM users WHERE username = ?', [username]);
    return row && userFromRow(row);
  }

  async getCredentials(username: string): Promise<{ user: User; passwordHash?: string } | undefined> {
    const row = await this.db.get('SELECT * FROM users WHERE username = ?', [username]);
    if (!row) return undefined;
    return { user: userFromRow(row), ...(row.password_hash != null ? { passwordHash: row.password_hash as string } : {}) };
  }

  async listUsers(): Promise<User[]> {
    return (await this.db.all('SELECT * FROM users ORDER BY username')).map(userFromRow);
  }

  async updateUser(username: string, change: UserChange, actor: string, read?: UserRightsRead): Promise<User> {
    await this.db.transaction(async (tx) => {
      const row = await tx.get(`SELECT * FROM users WHERE username = ?${tx.dialect.forUpdate}`, [username]);
      if (!row) throw new NotFoundError(`No account '${username}'`);
      const before = userFromRow(row);
      if (read && (read.role !== before.role || read.officerId !== (before.officerId ?? null) || read.team !== (before.team ?? null))) {
        throw new ConflictError(
          `The account '${username}' was changed meanwhile (its role, officer or team): read it again and make the change on what it is now`,
          0,
        );
      }
      const after = {
        displayName: change.displayName ?? before.displayName,
        role: change.role ?? before.role,
        officerId: change.officerId === undefined ? (before.officerId ?? null) : change.officerId,
        team: change.team === undefined ? (before.team ?? null) : change.team,
        disabled: change.disabled ?? before.disabled,
        subject: change.subject === undefined ? (before.subject ?? null) : change.subject,
      };
      // Someone must be left to administer Rounds: two admins taking each other's rights at once
      // cannot both pass (writes run one at a time on both engines).
      const stopsAdministering = before.role === 'admin' && !before.disabled && (after.role !== 'admin' || after.disabled);
      if (stopsAdministering) {
        const others = await tx.get<{ n: number }>("SELECT count(*) AS n FROM users WHERE role = 'admin' AND disabled = 0 AND username <> ?", [username]);
        if (Number(others!.n) === 0) throw new ConflictError(`'${username}' is the last enabled admin: make another admin first`, 0);
      }
      await tx.run('UPDATE users SET display_name = ?, role = ?, officer_id = ?, team = ?, disabled = ?, subject = ?, updated_at = ? WHERE username = ?', [
        after.displayName,
        after.role,
        after.officerId,
        after.team,
        after.disabled ? 1 : 0,
        after.subject,
        new Date().toISOString(),
        username,
      ]);
      // A disabled account, or one whose rights changed, signs in again (its sessions carried the old rights).
      const rightsChanged =
        after.role !== before.role ||
        after.officerId !== (before.officerId ?? null) ||
        after.team !== (before.team ?? null) ||
        after.subject !== (before.subject ?? null);
      if (after.disabled || rightsChanged) {
        await tx.run('DELETE FROM sessions WHERE username = ?', [username]);
      }
      const old = {
        displayName: before.displayName,
        role: before.role,
        officerId: before.officerId ?? null,
        team: before.team ?? null,
        disabled: before.disabled,
        subject: before.subject ?? null,
      };
      // A display name is a person's name: the audit says it changed, not what it was or became.
      await this.audit(tx, actor, 'update', 'user', username, { changes: changesWithout(ACCOUNT_PERSONAL_FIELDS, old, after) });
    });
    return (await this.getUser(username))!;
  }

  async setPasswordHash(username: string, passwordHash: string, actor: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const row = await tx.get(`SELECT source FROM users WHERE username = ?${tx.dialect.forUpdate}`, [username]);
      if (!row) throw new NotFoundError(`No account '${username}'`);
      // A password would be a way in past the council's provider (its multi-factor, its leavers).
      if (row.source !== 'local') throw new ConflictError(`The account '${username}' signs in with the council's identity provider: it has no password`, 0);
      await tx.run('UPDATE users SET password_hash = ?, updated_at = ? WHERE username = ?', [passwordHash, new Date().toISOString(), username]);
      await tx.run('DELETE FROM sessions WHERE username = ?', [username]);
      await this.audit(tx, actor, 'set-password', 'user', username);
    });
  }

  async upsertIdentityProviderUser(user: Omit<NewUser, 'source' | 'passwordHash' | 'subject'> & { subject: string }): Promise<User> {
    const existing = await this.getUser(user.username);
    if (!existing) return this.createUser({ ...user, source: 'oidc' }, OIDC_ACTOR);
    if (existing.source !== 'oidc') throw new ConflictError(`The account '${user.username}' signs in with a password, not the identity provider`, 0);
    if (existing.subject === undefined) {
      // Kept before subjects were: the first sign-in binds it, once (a second, racing, finds it bound).
      const bound = await this.db.transaction(async (tx) => {
        const { changes } = await tx.run('UPDATE users SET subject = ? WHERE username = ? AND subject IS NULL', [user.subject, user.username]);
        if (changes !== 1) return false;
        // Sessions from before the binding may be another person's (a username handed on): they end.
        await tx.run('DELETE FROM sessions WHERE username = ?', [user.username]);
        await this.audit(tx, OIDC_ACTOR, 'update', 'user', user.username, { subjectBound: true });
        return true;
      });
      if (!bound) return this.upsertIdentityProviderUser(user);
    } else if (existing.subject !== user.subject) {
      throw new ConflictError(`The account '${user.username}' belongs to another person at the identity provider`, 0);
    }
    const change: UserChange = {};
    if (existing.displayName !== user.displayName) change.displayName = user.displayName;
    if (existing.role !== user.role) change.role = user.role;
    if ((existing.officerId ?? null) !== (user.officerId ?? null)) change.officerId = user.officerId ?? null;
    return Object.keys(change).length > 0 ? this.updateUser(user.username, change, OIDC_ACTOR) : existing;
  }

  async countUsers(): Promise<number> {
    return Number((await this.db.get<{ n: number }>('SELECT count(*) AS n FROM users'))!.n);
  }

  async createSession(s: Session): Promise<void> {
    await this.db.run('INSERT INTO sessions (id_hash, username, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?)', [
      s.idHash,
      s.username,
      s.createdAt,
      s.lastSeenAt,
      s.expiresAt,
    ]);
  }

  async getSession(idHash: string): Promise<Session | undefined> {
    const row = await this.db.get('SELECT * FROM sessions WHERE id_hash = ?', [idHash]);
    return row && sessionFromRow(row);
  }

  async touchSession(idHash: string, at: string): Promise<void> {
    await this.db.run('UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?', [at, idHash]);
  }

  async deleteSession(idHash: string): Promise<void> {
    await this.db.run('DELETE FROM sessions WHERE id_hash = ?', [idHash]);
  }

  async deleteExpiredSessions(idleBefore: string, now: string): Promise<number> {
    return (await this.db.run('DELETE FROM sessions WHERE last_seen_at < ? OR expires_at <= ?', [idleBefore, now])).changes;
  }

  async countSignInFailures(key: string, since: string): Promise<number> {
    return Number((await this.db.get<{ n: number }>('SELECT count(*) AS n FROM sign_in_failures WHERE key = ? AND at >= ?', [key, since]))!.n);
  }

  async oldestSignInFailure(key: string, since: string): Promise<string | undefined> {
    const row = await this.db.get<{ at: string | null }>('SELECT min(at) AS at FROM sign_in_failures WHERE key = ? AND at >= ?', [key, since]);
    return row?.at ?? undefined;
  }

  async recordSignInFailure(keys: string[], at: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      for (const k of keys) await tx.run('INSERT INTO sign_in_failures (key, at) VALUES (?, ?)', [k, at]);
      // Old failures say nothing about now: keep the table small.
      await tx.run('DELETE FROM sign_in_failures WHERE at < ?', [new Date(Date.parse(at) - 86_400_000).toISOString()]);
    });
  }

  async clearSignInFailures(key: string): Promise<void> {
    await this.db.run('DELETE FROM sign_in_failures WHERE key = ?', [key]);
  }
}
