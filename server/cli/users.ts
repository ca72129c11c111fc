/**
 * `npm run --silent users -- <command>` on the server's database (ROUNDS_DB):
 *   add --username NAME --role officer|team_leader|manager|admin [--officer OFFICER_ID] [--team TEAM_ID] [--display-name TEXT] --password-stdin
 *   set-password --username NAME --password-stdin
 *   set-team --username NAME [--team TEAM_ID]   a team leader's one team (without --team: every team's)
 *   disable --username NAME      enable --username NAME      list
 *   release-subject --username NAME   a single sign-on account's next sign-in binds it to whoever makes it
 *                                     (the council moved identity provider, or handed the username on)
 * A bad argument is one line on stderr naming it, exit 2. Passwords come on stdin only (never
 * in argv, which other users of the machine can read) and are stored as argon2id hashes.
 */
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { hashPassword, passwordProblem } from '../auth/passwords.js';
import { RESERVED_USERNAMES, RoleSchema, USERNAME, type Role } from '../auth/roles.js';
import { configFromEnv } from '../config.js';
import { openStore } from '../store/open.js';
import type { Store } from '../store/store.js';

class UsageError extends Error {}

const COMMANDS = ['add', 'set-password', 'set-team', 'disable', 'enable', 'release-subject', 'list'] as const;
type Command = (typeof COMMANDS)[number];

interface Args {
  command: Command;
  username?: string;
  role?: Role;
  officer?: string;
  team?: string;
  displayName?: string;
  passwordStdin: boolean;
}

function parse(argv: string[]): Args {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        username: { type: 'string' },
        role: { type: 'string' },
        officer: { type: 'string' },
        team: { type: 'string' },
        'display-name': { type: 'string' },
        'password-stdin': { type: 'boolean', default: false },
      },
    });
  } catch (err) {
    // node's message names the option ("Unknown option '--x'", "Option '--role <value>' argument missing").
    throw new UsageError((err as Error).message.split('\n')[0]);
  }
  const [command, ...extra] = parsed.positionals;
  if (!command) throw new UsageError(`missing command: one of ${COMMANDS.join(', ')}`);
  if (!(COMMANDS as readonly string[]).includes(command)) throw new UsageError(`unknown command '${command}': one of ${COMMANDS.join(', ')}`);
  if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);
  const v = parsed.values;
  const args: Args = { command: command as Command, passwordStdin: v['password-stdin'] === true };
  if (v.username !== undefined) {
    const username = v.username.trim().toLowerCase();
    if (!USERNAME.test(username)) throw new UsageError(`--username '${v.username}': letters, digits and . _ @ - only, at most 64`);
    if (RESERVED_USERNAMES.has(username)) throw new UsageError(`--username '${v.username}': a name the system uses in the audit trail`);
    args.username = username;
  }
  if (v.role !== undefined) {
    const role = RoleSchema.safeParse(v.role);
    if (!role.success) throw new UsageError(`--role '${v.role}': one of ${RoleSchema.options.join(', ')}`);
    args.role = role.data;
  }
  if (v.officer !== undefined) args.officer = v.officer;
  if (v.team !== undefined) args.team = v.team;
  if (v['display-name'] !== undefined) args.displayName = v['display-name'];

  const needs = (name: keyof Args, flag: string) => {
    if (args[name] === undefined || args[name] === false) throw new UsageError(`${command} needs ${flag}`);
  };
  if (args.command !== 'list') needs('username', '--username NAME');
  if (args.command === 'add') {
    needs('role', '--role ROLE');
    if (args.role === 'officer' && !args.officer) throw new UsageError('--officer OFFICER_ID is required for --role officer');
    if (args.role !== 'officer' && args.officer) throw new UsageError('--officer is only for --role officer');
    if (args.role !== 'team_leader' && args.team) throw new UsageError("--team is only for --role team_leader (an officer's team is on their officer record)");
  }
  if (args.team !== undefined && args.command !== 'add' && args.command !== 'set-team') throw new UsageError(`--team is not for ${command}`);
  if (args.command === 'add' || args.command === 'set-password') needs('passwordStdin', '--password-stdin (the password on standard input)');
  return args;
}

/** The team must be one of the settings' teams (server/routes/known-team.ts says why). */
async function checkTeam(store: Store, team: string | undefined): Promise<void> {
  if (team === undefined) return;
  const { teams } = await store.getSettings();
  if (!teams.some((t) => t.id === team))
    throw new UsageError(`--team '${team}': ${teams.length === 0 ? 'no teams are set (settings.teams)' : "not one of the settings' teams"}`);
}

async function readPassword(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  const password = text.replace(/\r?\n$/, '');
  const problem = passwordProblem(password);
  if (problem) throw new UsageError(`the password on stdin: ${problem}`);
  return password;
}

async function run(args: Args, store: Store): Promise<string> {
  const actor = `cli:${userInfo().username}`;
  switch (args.command) {
    case 'list':
      return (
        (await store.accounts.listUsers())
          // A single sign-on account not yet bound to a person: the next sign-in under its name takes it.
          .map((u) =>
            [
              u.username,
              u.role,
              u.officerId ?? '-',
              u.team ?? '-',
              u.source === 'oidc' && u.subject === undefined ? 'oidc (unbound)' : u.source,
              u.disabled ? 'disabled' : 'active',
              u.displayName,
            ].join('\t'),
          )
          .join('\n')
      );
    case 'add': {
      if (args.officer && !(await store.getOfficer(args.officer))) throw new UsageError(`--officer '${args.officer}': no such officer`);
      await checkTeam(store, args.team);
      if (await store.accounts.getUser(args.username!)) throw new UsageError(`--username '${args.username}': the account already exists`);
      const passwordHash = await hashPassword(await readPassword());
      const user = { username: args.username!, displayName: args.displayName ?? args.username!, role: args.role!, source: 'local' as const, passwordHash };
      await store.accounts.createUser({ ...user, officerId: args.officer, team: args.team }, actor);
      return `added ${args.username} (${args.role}${args.team ? `, team ${args.team}` : ''})`;
    }
    case 'set-team': {
      const user = await store.accounts.getUser(args.username!);
      if (!user) throw new UsageError(`--username '${args.username}': no such account`);
      if (user.role !== 'team_leader') throw new UsageError(`--username '${args.username}': not a team leader (role ${user.role})`);
      await checkTeam(store, args.team);
      await store.accounts.updateUser(args.username!, { team: args.team ?? null }, actor);
      return `${args.username} now sees ${args.team ? `team ${args.team}` : 'every team'}; their sessions have ended`;
    }
    case 'set-password': {
      if (!(await store.accounts.getUser(args.username!))) throw new UsageError(`--username '${args.username}': no such account`);
      await store.accounts.setPasswordHash(args.username!, await hashPassword(await readPassword()), actor);
      return `password set for ${args.username}; its sessions have ended`;
    }
    case 'release-subject': {
      const user = await store.accounts.getUser(args.username!);
      if (!user) throw new UsageError(`--username '${args.username}': no such account`);
      if (user.source !== 'oidc') throw new UsageError(`--username '${args.username}': signs in with a password, not single sign-on`);
      await store.accounts.updateUser(args.username!, { subject: null }, actor);
      return `${args.username}: released; the next single sign-on as ${args.username} keeps the account; its sessions have ended`;
    }
    case 'disable':
    case 'enable': {
      if (!(await store.accounts.getUser(args.username!))) throw new UsageError(`--username '${args.username}': no such account`);
      await store.accounts.updateUser(args.username!, { disabled: args.command === 'disable' }, actor);
      return `${args.username} ${args.command}d`;
    }
  }
}

async function main(): Promise<void> {
  let args: Args;
  try {
    args = parse(process.argv.slice(2));
  } catch (err) {
    console.error(`users: ${(err as Error).message}`);
    process.exit(2);
  }
  const store = await openStore(configFromEnv().dbPath);
  try {
    const out = await run(args, store);
    if (out) console.log(out);
  } catch (err) {
    console.error(`users: ${(err as Error).message}`);
    process.exitCode = err instanceof UsageError ? 2 : 1;
  } finally {
    await store.close();
  }
}

void main();
