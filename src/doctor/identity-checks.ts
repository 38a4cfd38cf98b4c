import type { ChatopsConfig } from '../config/chatops';
import type { AwsClientSettings } from '../redshift/clients';
import { actionGroups, type CallerFacts } from './iam-actions';
import { callerFailure, callerLine, judgeGroup, principalOf, unverifiedGroup } from './identity-findings';
import { sdkIdentityApi, type IdentityApi } from './identity-sdk';
import type { CheckResult } from './types';

export interface IdentityCheckOptions {
  /** How the bot makes its AWS clients (tests and the sandbox: the emulator). */
  aws?: AwsClientSettings;
  /** CHATOPS_WORKER_FUNCTION, when the bot hands jobs to a worker. */
  workerFunction?: string;
}

function errorParts(error: unknown): { name: string; message: string } {
  return error instanceof Error ? { name: error.name, message: error.message } : { name: 'Error', message: String(error) };
}

/**
 * Who the bot is in AWS (sts:GetCallerIdentity), then each IAM action it calls but the doctor must
 * not (writes, the worker, Cost Explorer, secrets, Data API statements), asked of IAM's policy
 * simulator for the caller's role or user. When the simulator refuses or cannot name the principal,
 * those actions are listed as not verified, optional.
 */
export async function identityChecks(config: ChatopsConfig, options: IdentityCheckOptions = {}): Promise<CheckResult[]> {
  const api = await sdkIdentityApi(options.aws);
  try {
    return await check(api, config, options);
  } finally {
    api.destroy();
  }
}

async function check(api: IdentityApi, config: ChatopsConfig, options: IdentityCheckOptions): Promise<CheckResult[]> {
  let caller: CallerFacts;
  try {
    caller = await api.whoAmI();
  } catch (error) {
    const { name, message } = errorParts(error);
    return [
      callerFailure(name, message),
      {
        area: 'aws',
        name: 'IAM actions (iam:SimulatePrincipalPolicy)',
        status: 'not-verified',
        optional: true,
        detail: 'without the caller identity the policy simulator cannot be asked',
      },
    ];
  }
  const groups = actionGroups({
    config,
    caller,
    workgroupArns: await workgroupArns(api, config),
    ...(options.workerFunction !== undefined ? { workerFunction: options.workerFunction } : {}),
  });
  const principal = principalOf(caller.arn);
  if ('unknown' in principal) return [callerLine(caller), ...groups.map((group) => unverifiedGroup(group, principal.unknown))];
  const results: CheckResult[] = [callerLine(caller)];
  let refused: string | undefined;
  for (const group of groups) {
    if (refused !== undefined) {
      results.push(unverifiedGroup(group, `not asked: ${refused}`));
      continue;
    }
    try {
      results.push(judgeGroup(group, await api.simulate(principal.arn, group), principal.arn));
    } catch (error) {
      const why = simulatorRefusal(error, principal.role);
      // A refusal of the simulator itself holds for every group: not asked again, said in short.
      if (why.forAll) refused = why.short;
      results.push(unverifiedGroup(group, why.text));
    }
  }
  return results;
}

/**
 * Each Serverless target's workgroup ARN, so a role scoped to that workgroup is simulated on it. One
 * that cannot be read is left out (its actions are simulated on `workgroup/*`); the per-target read
 * check below says why it could not be read.
 */
async function workgroupArns(api: IdentityApi, config: ChatopsConfig): Promise<Record<string, string>> {
  const arns: Record<string, string> = {};
  for (const [name, target] of Object.entries(config.targets)) {
    if (target.kind !== 'serverless') continue;
    const arn = await api.workgroupArn(target.workgroup, target.region).catch(() => undefined);
    if (arn !== undefined) arns[name] = arn;
  }
  return arns;
}

function simulatorRefusal(error: unknown, role: string | undefined): { text: string; short: string; forAll: boolean } {
  const { name, message } = errorParts(error);
  if (name === 'AccessDenied' || name === 'AccessDeniedException') {
    const short = `the policy simulator is not open to this identity (${name}); allow iam:SimulatePrincipalPolicy to verify`;
    return { text: `${short}: ${message}`, short, forAll: true };
  }
  // The wire code is NoSuchEntity; the SDK names its exception NoSuchEntityException.
  if ((name === 'NoSuchEntity' || name === 'NoSuchEntityException') && role !== undefined) {
    const short = `the simulator found no role ${role}: an assumed-role ARN does not carry the role's path, so a role with a path cannot be named from it`;
    return { text: `${short} (${message})`, short, forAll: true };
  }
  const text = `the policy simulator could not answer (${name}: ${message})`;
  return { text, short: text, forAll: false };
}
