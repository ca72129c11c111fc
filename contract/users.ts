import * as z from 'zod/mini';
import { RoleSchema } from './session.js';

/** Accounts as the admin manages them (never a password or its hash). */

export const USERNAME = /^[a-z0-9][a-z0-9._@-]{0,63}$/;
/**
 * Actors the system writes into the audit for changes nobody made by hand. Current ones carry a
 * `system:` or `cli:` prefix that no username can have; these older bare ones are kept from accounts.
 */
export const RESERVED_USERNAMES: ReadonlySet<string> = new Set(['migration', 'identity-provider', 'anonymous', 'system']);
/** A username as typed: trimmed and lower-cased before the pattern is checked. */
export const UsernameSchema = z.pipe(
  z.pipe(
    z.string(),
    z.transform((s) => s.trim().toLowerCase()),
  ),
  z.string().check(
    z.regex(USERNAME, 'letters, digits and . _ @ - only, at most 64, starting with a letter or digit'),
    z.refine((name) => !RESERVED_USERNAMES.has(name), 'a name the system uses in the audit trail'),
  ),
);

/** The length rule of server/auth/passwords.ts (checkPassword says why a password is refused). */
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 256;
const Password = z.string().check(z.minLength(PASSWORD_MIN), z.maxLength(PASSWORD_MAX));
const DisplayName = z.string().check(z.trim(), z.minLength(1), z.maxLength(100));
const OfficerId = z.string().check(z.minLength(1), z.maxLength(64));
/** A team's id (settings `teams`): checked against the settings by the server. */
const TeamId = z.string().check(z.minLength(1), z.maxLength(64));

export const Account = z.object({
  username: z.string(),
  displayName: z.string(),
  role: RoleSchema,
  officerId: z.optional(z.string()),
  /** A team leader of one team: what they see and plan is that team's (absent: every team's). */
  team: z.optional(z.string()),
  source: z.enum(['local', 'oidc']),
  disabled: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const UserParams = z.object({ username: z.string().check(z.minLength(1), z.maxLength(64)) });

export const NewAccountBody = z.object({
  username: UsernameSchema,
  displayName: DisplayName,
  role: RoleSchema,
  officerId: z.optional(OfficerId),
  team: z.optional(TeamId),
  password: Password,
});

export const AccountChangeBody = z.strictObject({
  displayName: z.optional(DisplayName),
  role: z.optional(RoleSchema),
  officerId: z.optional(z.nullable(OfficerId)),
  team: z.optional(z.nullable(TeamId)),
  disabled: z.optional(z.boolean()),
});

export const PasswordBody = z.object({ password: Password });
