import type { AwsClientSettings } from '../redshift/clients';
import type { ActionGroup, CallerFacts } from './iam-actions';
import type { Evaluation } from './identity-findings';

/** STS and IAM as the identity checks use them: read-only calls. */
export interface IdentityApi {
  /** sts:GetCallerIdentity, and the region the clients resolved. */
  whoAmI(): Promise<CallerFacts>;
  /** iam:SimulatePrincipalPolicy for one group, every page of EvaluationResults. */
  simulate(principal: string, group: ActionGroup): Promise<Evaluation[]>;
  /** redshift-serverless:GetWorkgroup's workgroupArn (the ARN carries a generated id, not the name). */
  workgroupArn(workgroup: string, region?: string): Promise<string | undefined>;
  destroy(): void;
}

/**
 * The SDK's STS and IAM clients, loaded only when the doctor runs (never at a Lambda cold start),
 * made as the bot makes its clients (region, endpoint, credentials, attempts).
 */
export async function sdkIdentityApi(settings: AwsClientSettings = {}): Promise<IdentityApi> {
  const [
    { STSClient, GetCallerIdentityCommand },
    { IAMClient, paginateSimulatePrincipalPolicy },
    { RedshiftServerlessClient, GetWorkgroupCommand },
  ] = await Promise.all([import('@aws-sdk/client-sts'), import('@aws-sdk/client-iam'), import('@aws-sdk/client-redshift-serverless')]);
  const config = {
    maxAttempts: settings.maxAttempts ?? 3,
    ...(settings.region !== undefined ? { region: settings.region } : {}),
    ...(settings.endpoint !== undefined ? { endpoint: settings.endpoint } : {}),
    ...(settings.credentials !== undefined ? { credentials: settings.credentials } : {}),
  };
  const sts = new STSClient(config);
  const iam = new IAMClient(config);
  const serverless = new Map<string, InstanceType<typeof RedshiftServerlessClient>>();
  const serverlessIn = (region: string | undefined) => {
    const key = region ?? '';
    const made = serverless.get(key) ?? new RedshiftServerlessClient({ ...config, ...(region !== undefined ? { region } : {}) });
    serverless.set(key, made);
    return made;
  };
  return {
    async whoAmI() {
      const out = await sts.send(new GetCallerIdentityCommand({}));
      return {
        account: out.Account ?? '',
        arn: out.Arn ?? '',
        ...(out.UserId ? { userId: out.UserId } : {}),
        region: settings.region ?? (await sts.config.region()),
      };
    },
    async simulate(principal, group) {
      const evaluations: Evaluation[] = [];
      const pages = paginateSimulatePrincipalPolicy(
        { client: iam },
        {
          PolicySourceArn: principal,
          ActionNames: [...group.actions],
          // Left out, the simulator uses '*' (all resources).
          ...(group.resource !== '*' ? { ResourceArns: [group.resource] } : {}),
          ...(group.context
            ? {
                ContextEntries: group.context.map((c) => ({
                  ContextKeyName: c.key,
                  ContextKeyValues: c.values,
                  ContextKeyType: 'string' as const,
                })),
              }
            : {}),
        },
      );
      for await (const page of pages) {
        for (const result of page.EvaluationResults ?? []) {
          evaluations.push({
            action: result.EvalActionName ?? '',
            ...(result.EvalResourceName ? { resource: result.EvalResourceName } : {}),
            decision: result.EvalDecision ?? '',
            missingContext: result.MissingContextValues ?? [],
          });
        }
      }
      return evaluations;
    },
    async workgroupArn(workgroup, region) {
      const out = await serverlessIn(region).send(new GetWorkgroupCommand({ workgroupName: workgroup }));
      return out.workgroup?.workgroupArn;
    },
    destroy() {
      sts.destroy();
      iam.destroy();
      for (const client of serverless.values()) client.destroy();
    },
  };
}
