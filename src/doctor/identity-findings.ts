import type { ActionGroup, CallerFacts } from './iam-actions';
import type { CheckResult } from './types';

/** One simulated action, as SimulatePrincipalPolicy's EvaluationResult reports it. */
export interface Evaluation {
  action: string;
  resource?: string;
  /** allowed | explicitDeny | implicitDeny (EvalDecision). */
  decision: string;
  missingContext: readonly string[];
}

/** The IAM entity whose policies the simulator evaluates, or why the doctor cannot name it. */
export type Principal = { arn: string; role?: string } | { unknown: string };

/**
 * The role or user behind the caller's ARN. An assumed-role session
 * `arn:aws:sts::<account>:assumed-role/<role>/<session>` maps to `arn:aws:iam::<account>:role/<role>`.
 * The session ARN does not carry the role's path, so a role with one (such as /service-role/) is
 * named without it here and the simulator will not find it: the caller reports that as not verified.
 */
export function principalOf(callerArn: string): Principal {
  const role = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\/[^/]+$/.exec(callerArn);
  if (role) return { arn: `arn:${role[1]}:iam::${role[2]}:role/${role[3]}`, role: role[3] };
  if (/^arn:[^:]+:iam::\d{12}:user\/.+$/.test(callerArn)) return { arn: callerArn };
  if (/^arn:[^:]+:iam::\d{12}:root$/.test(callerArn))
    return { unknown: 'the caller is the account root user, which the policy simulator does not take' };
  return { unknown: `the policy simulator takes a user, group or role, not ${callerArn}` };
}

const AWS_AREA = { area: 'aws' } as const;

/** "who am I": the account, the ARN and the region the doctor's AWS clients use. */
export function callerLine(caller: CallerFacts): CheckResult {
  return {
    ...AWS_AREA,
    name: 'AWS credentials and region (sts:GetCallerIdentity)',
    status: 'ok',
    detail: `account ${caller.account}, ${caller.arn}, region ${caller.region ?? '(none: each target names its own)'}`,
  };
}

/** Why GetCallerIdentity failed, by the error's name: no credentials or no region is missing; the rest could not be told. */
export function callerFailure(errorName: string, message: string): CheckResult {
  const name = 'AWS credentials and region (sts:GetCallerIdentity)';
  if (errorName === 'CredentialsProviderError') {
    return {
      ...AWS_AREA,
      name,
      status: 'missing',
      detail: `no AWS credentials: ${message}`,
      fix: 'give the bot AWS credentials as the SDK finds them: its Lambda role, AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY',
    };
  }
  if (['InvalidClientTokenId', 'SignatureDoesNotMatch', 'ExpiredToken', 'ExpiredTokenException'].includes(errorName)) {
    return {
      ...AWS_AREA,
      name,
      status: 'missing',
      detail: `AWS rejected the credentials (${errorName}): ${message}`,
      fix: 'renew or replace the AWS credentials',
    };
  }
  if (/region is missing/i.test(message)) {
    return {
      ...AWS_AREA,
      name,
      status: 'missing',
      detail: `no AWS region: ${message}`,
      fix: 'set AWS_REGION (or a region in the AWS profile)',
    };
  }
  return { ...AWS_AREA, name, status: 'not-verified', detail: `${errorName}: ${message}` };
}

function groupName(group: ActionGroup): string {
  return `${group.label} (${group.actions.join(', ')})`;
}

/** A group the simulator could not be asked about: optional, with why. */
export function unverifiedGroup(group: ActionGroup, why: string): CheckResult {
  return {
    ...AWS_AREA,
    ...(group.target ? { target: group.target } : {}),
    name: groupName(group),
    status: 'not-verified',
    optional: true,
    detail: why,
  };
}

/**
 * The simulator's answer for one group: ok when every action is allowed; missing, naming each
 * denied action in the fix; not verified when a denial only lacks a context value or an action
 * has no result.
 */
export function judgeGroup(group: ActionGroup, evaluations: readonly Evaluation[], principal: string): CheckResult {
  const base = { ...AWS_AREA, ...(group.target ? { target: group.target } : {}), name: groupName(group) };
  const on = `on ${group.resource}`;
  const note = group.note ? `; ${group.note}` : '';
  const byAction = new Map(evaluations.map((e) => [e.action.toLowerCase(), e]));
  const unanswered = group.actions.filter((action) => !byAction.has(action.toLowerCase()));
  const denied = group.actions.flatMap((action) => {
    const found = byAction.get(action.toLowerCase());
    return found && found.decision !== 'allowed' ? [found] : [];
  });
  const lacking = denied.filter((e) => e.missingContext.length > 0);
  const plainlyDenied = denied.filter((e) => e.missingContext.length === 0);
  if (plainlyDenied.length > 0) {
    const actions = plainlyDenied.map((e) => e.action);
    return {
      ...base,
      status: 'missing',
      detail: `${plainlyDenied.map((e) => `${e.action}: ${e.decision}`).join(', ')} ${on}${note}`,
      fix: `allow ${actions.join(', ')} ${on} to ${principal} (serverless.yml grants ${actions.length === 1 ? 'it' : 'them'})`,
    };
  }
  if (lacking.length > 0 || unanswered.length > 0) {
    const why = [
      ...lacking.map((e) => `${e.action} needs context ${e.missingContext.join(', ')}`),
      ...unanswered.map((action) => `no result for ${action}`),
    ];
    return { ...base, status: 'not-verified', optional: true, detail: `${why.join('; ')} ${on}` };
  }
  return { ...base, status: 'ok', detail: `allowed ${on} (IAM policy simulator)${note}` };
}
