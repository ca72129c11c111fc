import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { hashPassword } from '../auth/passwords.js';
import { userOf } from '../auth/plugin.js';
import { ACCESS } from '../auth/roles.js';
import { ProblemError } from '../errors.js';
import { assertKnownTeam } from './known-team.js';
import { ProblemSchema } from '../../contract/problem.js';
import { Account as UserSchema, AccountChangeBody, NewAccountBody, PasswordBody, UserParams as Params } from '../../contract/users.js';

/** Accounts, kept by the admin. Passwords are set here or by the CLI, hashed at once, never returned. */
export const userRoutes: FastifyPluginAsyncZod = async (app) => {
  /** An officer account must name an officer that exists; other roles name none. */
  async function checkOfficerLink(role: string, officerId: string | null | undefined): Promise<void> {
    if (role === 'officer' && !officerId)
      throw new ProblemError(422, 'Invalid account', 'an officer account names its officer', [
        { field: 'body.officerId', message: 'required for the officer role' },
      ]);
    if (role !== 'officer' && officerId)
      throw new ProblemError(422, 'Invalid account', 'only officer accounts name an officer', [
        { field: 'body.officerId', message: 'only for the officer role' },
      ]);
    if (officerId && !(await app.store.getOfficer(officerId)))
      throw new ProblemError(422, 'Invalid account', `no officer '${officerId}'`, [{ field: 'body.officerId', message: `no officer '${officerId}'` }]);
  }

  /**
   * A team leader's account may name their one team; an officer's team is their officer record's,
   * other roles see every team. Only a team sent is checked against the settings: an account whose
   * team was since removed can still be disabled.
   */
  async function checkTeamLink(role: string, team: string | null | undefined, sent: string | null | undefined): Promise<void> {
    if (role !== 'team_leader' && team)
      throw new ProblemError(422, 'Invalid account', "only a team leader's account names a team", [
        { field: 'body.team', message: "only for the team leader role (an officer's team is on their officer record)" },
      ]);
    await assertKnownTeam(app, sent);
  }

  app.get('/', { config: { access: ACCESS.admin }, schema: { tags: ['users'], response: { 200: z.array(UserSchema) } } }, async () =>
    app.store.accounts.listUsers(),
  );

  app.post(
    '/',
    {
      config: { access: ACCESS.admin },
      schema: {
        tags: ['users'],
        summary: 'Create an account with a password',
        body: NewAccountBody,
        response: { 201: UserSchema, 409: ProblemSchema, 422: ProblemSchema },
      },
    },
    async (request, reply) => {
      const { password, ...user } = request.body;
      await checkOfficerLink(user.role, user.officerId);
      await checkTeamLink(user.role, user.team, user.team);
      const created = await app.store.accounts.createUser({ ...user, source: 'local', passwordHash: await hashPassword(password) }, userOf(request).username);
      return reply.code(201).send(created);
    },
  );

  app.patch(
    '/:username',
    {
      config: { access: ACCESS.admin },
      schema: {
        tags: ['users'],
        summary:
          "Change an account: name, role, officer, a team leader's team, disabled (a disabled account, or one whose rights change, is signed out at once)",
        params: Params,
        body: AccountChangeBody,
        response: { 200: UserSchema, 404: ProblemSchema, 409: ProblemSchema, 422: ProblemSchema },
      },
    },
    async (request) => {
      const current = await app.store.accounts.getUser(request.params.username);
      if (!current) throw new ProblemError(404, 'Not found', `No account '${request.params.username}'`);
      const me = userOf(request);
      if (current.username === me.username && (request.body.disabled || (request.body.role && request.body.role !== 'admin'))) {
        throw new ProblemError(422, 'Invalid account', 'an admin cannot disable or demote their own account (another admin can)', [
          { field: 'body', message: 'own account' },
        ]);
      }
      const role = request.body.role ?? current.role;
      const officerId = request.body.officerId === undefined ? (role === 'officer' ? current.officerId : null) : request.body.officerId;
      await checkOfficerLink(role, officerId);
      // A team leader's team stays when the role does; another role keeps none.
      const team = request.body.team === undefined ? (role === 'team_leader' ? current.team : null) : request.body.team;
      await checkTeamLink(role, team, request.body.team);
      // Worked out from `current`: written only if the account's rights are still what was read.
      const read = { role: current.role, officerId: current.officerId ?? null, team: current.team ?? null };
      return app.store.accounts.updateUser(current.username, { ...request.body, officerId: officerId ?? null, team: team ?? null }, me.username, read);
    },
  );

  app.put(
    '/:username/password',
    {
      config: { access: ACCESS.admin },
      schema: {
        tags: ['users'],
        summary: "Set an account's password (ends its sessions); a single sign-on account has none (409)",
        params: Params,
        body: PasswordBody,
        response: { 204: z.null(), 404: ProblemSchema, 409: ProblemSchema },
      },
    },
    async (request, reply) => {
      await app.store.accounts.setPasswordHash(request.params.username, await hashPassword(request.body.password), userOf(request).username);
      return reply.code(204).send(null);
    },
  );
};
