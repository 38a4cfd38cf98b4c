import { createHash } from 'node:crypto';
import type { CallerIdentity } from '../data/identity';

/**
 * The one IAM identity every emulated call comes from (the Data API's `caller`), as STS and IAM
 * name it. A Lambda function's role session is named after the function, so the default session
 * is the bot's `slack` function as serverless.yml deploys it.
 */
export const DEFAULT_SESSION = 'redshift-chatops-dev-slack';

export interface EmulatedCaller {
  identity: CallerIdentity;
  /** The role session name; ignored for a user. */
  session: string;
  accountId: string;
}

/** What GetCallerIdentity returns as Arn: the assumed-role session for a role, the user's ARN for a user. */
export function callerArn(caller: EmulatedCaller): string {
  return 'role' in caller.identity
    ? `arn:aws:sts::${caller.accountId}:assumed-role/${caller.identity.role}/${caller.session}`
    : `arn:aws:iam::${caller.accountId}:user/${caller.identity.user}`;
}

/** The IAM entity whose policies apply: the role (no path: the emulator's roles have none) or the user. */
export function principalArn(caller: EmulatedCaller): string {
  return 'role' in caller.identity
    ? `arn:aws:iam::${caller.accountId}:role/${caller.identity.role}`
    : `arn:aws:iam::${caller.accountId}:user/${caller.identity.user}`;
}

/**
 * aws:userid as IAM's policy-variable table gives it: `<role id>:<session>` for an assumed role, the
 * user's id for a user. Ids are AROA/AIDA plus 17 characters, stable per name.
 */
export function callerUserId(caller: EmulatedCaller): string {
  const name = 'role' in caller.identity ? caller.identity.role : caller.identity.user;
  const digest = createHash('sha256').update(`${caller.accountId}/${name}`).digest('hex').toUpperCase();
  const id = digest
    .replace(/[^A-Z2-7]/g, '')
    .padEnd(17, 'Q')
    .slice(0, 17);
  return 'role' in caller.identity ? `AROA${id}:${caller.session}` : `AIDA${id}`;
}
