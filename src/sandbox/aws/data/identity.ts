/**
 * Who calls the Data API. Without a secret or DbUser, the Data API signs in as the caller's IAM
 * identity (redshift-serverless:GetCredentials on a workgroup, redshift:GetClusterCredentialsWithIAM
 * on a cluster): a database user named after it, created on first use with no privileges beyond
 * PUBLIC's. The ExecuteStatement reference gives `IAM:foo` for IAM user foo; an assumed role maps to
 * `IAMR:<role name>`.
 * https://docs.aws.amazon.com/redshift-data/latest/APIReference/API_ExecuteStatement.html
 */
export type CallerIdentity = { role: string } | { user: string };

/** The bot's Lambda role as serverless.yml deploys it by default (service redshift-chatops, stage dev, us-east-1). */
export const DEFAULT_CALLER: CallerIdentity = { role: 'redshift-chatops-dev-us-east-1-lambdaRole' };

export function iamDatabaseUser(caller: CallerIdentity): string {
  return 'role' in caller ? `IAMR:${caller.role}` : `IAM:${caller.user}`;
}
