import type { ChatopsConfig } from '../../src/config/chatops';
import { AwsRedshiftClients } from '../../src/redshift/clients';
import { DataApiExecutor } from '../../src/redshift/data-api';
import { statement } from '../../src/redshift/sql';

/** Whether a database user holds a role on a target, as SVV_USER_GRANTS says to the emulator's superuser. */
export type RoleHolder = (user: string, role: string, target?: string) => Promise<boolean>;

/** Asks through the Data API of the AWS emulator at `endpoint`, as chatops_admin. */
export function roleHolder(config: ChatopsConfig, endpoint: string): RoleHolder {
  const clients = new AwsRedshiftClients({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
  const sql = new DataApiExecutor({ clients });
  return async (user, role, target = 'prod') => {
    const result = await sql.execute(
      config.targets[target],
      statement('SELECT 1 AS held FROM svv_user_grants WHERE user_name = :u AND role_name = :r', { u: user, r: role }),
      { dbUser: 'chatops_admin' },
    );
    return result.rows.length > 0;
  };
}
