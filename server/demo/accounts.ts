import type { Role } from '../auth/roles.js';
import { generatePassword, hashPassword } from '../auth/passwords.js';
import type { Store } from '../store/store.js';

export interface DemoAccount {
  username: string;
  displayName: string;
  role: Role;
  officerId?: string;
  /** Generated for this database and shown once; only its hash is stored. */
  password: string;
}

/**
 * The demo's accounts: a team leader, a manager, an admin and one per demo officer, each with a
 * password generated for this database (there is no default password anywhere). Created only
 * when the database has no accounts at all.
 */
export async function createDemoAccounts(store: Store): Promise<DemoAccount[]> {
  if ((await store.accounts.countUsers()) > 0) return [];
  const accounts: Array<Omit<DemoAccount, 'password'>> = [
    { username: 'team.leader', displayName: 'Team Leader (demo)', role: 'team_leader' },
    { username: 'manager', displayName: 'Manager (demo)', role: 'manager' },
    { username: 'admin', displayName: 'Admin (demo)', role: 'admin' },
    ...(await store.listOfficers()).map((o) => ({ username: o.id, displayName: o.name, role: 'officer' as const, officerId: o.id })),
  ];
  const created: DemoAccount[] = [];
  for (const a of accounts) {
    const password = generatePassword();
    await store.accounts.createUser({ ...a, source: 'local', passwordHash: await hashPassword(password) }, 'demo-seed');
    created.push({ ...a, password });
  }
  return created;
}

/** The console lines that hand the passwords over, once. */
export function demoAccountLines(accounts: DemoAccount[]): string[] {
  if (accounts.length === 0) return [];
  const width = Math.max(...accounts.map((a) => a.username.length));
  return [
    'Demo accounts for this database (passwords shown this once; only their argon2id hashes are kept):',
    ...accounts.map((a) => `  ${a.username.padEnd(width)}  ${a.password}  ${a.role.replace('_', ' ')}${a.officerId ? ` (${a.displayName})` : ''}`),
  ];
}
