import { ADMIN_USER } from './system';

/**
 * Secrets Manager secrets of the standard seed, one per warehouse, holding chatops_admin's sign-in.
 * The emulator has no Secrets Manager: the Data API only needs to resolve a SecretArn to its
 * database user, so these are listed here and served through the WarehouseDirectory.
 */
export const SEED_SECRET_ARNS = {
  /** chatops_admin on cluster analytics-prod. */
  analyticsProd: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:redshift-chatops/analytics-prod/chatops_admin-Qm4xTb',
  /** chatops_admin on namespace lake (workgroup lake). */
  lake: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:redshift-chatops/lake/chatops_admin-Lk7wPz',
} as const;

const SEED_SECRETS: ReadonlyMap<string, string> = new Map([
  [SEED_SECRET_ARNS.analyticsProd, ADMIN_USER],
  [SEED_SECRET_ARNS.lake, ADMIN_USER],
]);

/** The `username` a seeded secret holds, if there is such a secret. */
export function seedSecretUser(arn: string): string | undefined {
  return SEED_SECRETS.get(arn);
}
