import type { FastifyInstance } from 'fastify';
import { ProblemError } from '../errors.js';

/**
 * A team named on an officer or a team leader's account must be one of the settings' teams: a typo
 * would take an officer off every patch, or show a team leader nothing.
 */
export async function assertKnownTeam(app: FastifyInstance, team: string | null | undefined): Promise<void> {
  if (team === undefined || team === null) return;
  const { teams } = await app.store.getSettings();
  if (!teams.some((t) => t.id === team)) {
    throw new ProblemError(400, 'Invalid request', `no team '${team}' in the settings' teams`, [
      { field: 'body.team', message: teams.length === 0 ? 'no teams are set (settings.teams)' : 'expected the id of a team in settings.teams' },
    ]);
  }
}
