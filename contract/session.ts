import * as z from 'zod/mini';

/** Signing in and who is signed in. */

export const ROLES = ['officer', 'team_leader', 'manager', 'admin'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

export const SessionUser = z.object({
  username: z.string(),
  displayName: z.string(),
  role: RoleSchema,
  officerId: z.optional(z.string()),
  /** A team leader of one team: its id (settings `teams`); absent: every team's. */
  team: z.optional(z.string()),
});

export const SignInBody = z.object({
  username: z.string().check(z.minLength(1), z.maxLength(128)),
  password: z.string().check(z.minLength(1), z.maxLength(1024)),
});

/** GET /api/session/providers: the ways to sign in (the password always, the council's single sign-on when configured). */
export const Providers = z.object({ password: z.literal(true), oidc: z.boolean(), oidcLabel: z.optional(z.string()) });

/** The single sign-on callback's query: what Rounds reads; the rest (iss, session_state ...) passes to openid-client as sent. */
export const OidcCallbackQuery = z.looseObject({
  state: z.optional(z.string().check(z.maxLength(1024))),
  code: z.optional(z.string().check(z.maxLength(4096))),
  error: z.optional(z.string().check(z.maxLength(256))),
});
