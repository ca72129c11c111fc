import { hash, verify } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';

/**
 * Passwords: argon2id with the OWASP-recommended minimum cost (19 MiB, 2 passes), never stored
 * or logged in clear. Length is the only rule (ASVS 2.1: at least 12, long passphrases allowed,
 * no composition rules).
 */
/** The length rule is part of the API's contract (the account forms check it too). */
export { PASSWORD_MAX, PASSWORD_MIN } from '../../contract/users.js';
import { PASSWORD_MAX, PASSWORD_MIN } from '../../contract/users.js';

/** `algorithm: 2` is Argon2id (the package's enum is a const enum, which isolated modules cannot import). */
const OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/** Why a password cannot be used, or undefined when it can. */
export function passwordProblem(password: string): string | undefined {
  if (password.length < PASSWORD_MIN) return `at least ${PASSWORD_MIN} characters`;
  if (password.length > PASSWORD_MAX) return `at most ${PASSWORD_MAX} characters`;
  return undefined;
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** A hash of nothing anyone knows: checked when the account does not exist, so both answers take as long. */
let decoy: Promise<string> | undefined;

export async function verifyPassword(stored: string | undefined, password: string): Promise<boolean> {
  decoy ??= hashPassword(randomBytes(16).toString('hex'));
  const target = stored ?? (await decoy);
  try {
    const ok = await verify(target, password);
    return ok && stored !== undefined;
  } catch {
    return false;
  }
}

/** A password for a generated account (the demo's): 20 characters from 120 random bits. */
export function generatePassword(): string {
  return randomBytes(15).toString('base64url');
}
