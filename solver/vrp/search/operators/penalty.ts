/** Cost of leaving a required job out: large enough that serving it always wins when possible. */
export const UNSERVED_REQUIRED_PENALTY = 1e9;
