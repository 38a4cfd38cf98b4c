/**
 * `npm run doctor`: read-only checks that a real setup will work before anyone trusts it. Each check
 * says ok, missing (with the exact fix) or not verified (the doctor could not tell, and why).
 */
export type CheckStatus = 'ok' | 'missing' | 'not-verified';

export type CheckArea = 'aws' | 'database' | 'slack' | 'store' | 'config' | 'tour';

export interface CheckResult {
  area: CheckArea;
  /** The target the check is about, when it is about one. */
  target?: string;
  /** What was checked, in a few words: "bot is a member of #approvals (C0APPROVALS)". */
  name: string;
  status: CheckStatus;
  /** What was found, or why it could not be told. */
  detail?: string;
  /** For a missing one: exactly what to do (the IAM action, the GRANT or ALTER USER statement, the Slack scope). */
  fix?: string;
  /** A missing required check makes the doctor fail; an optional one only warns. Default: required. */
  optional?: boolean;
}
