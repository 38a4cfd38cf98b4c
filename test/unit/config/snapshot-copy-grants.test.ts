import { parseChatopsConfig } from '../../../src/config/chatops';
import { configProblems, minimalConfigYaml } from '../../support/config';

/** `snapshotCopyGrants` on a provisioned target: the grant `backup copy` names, per destination Region. */
const withGrants = (grants: string) =>
  minimalConfigYaml.replace('    dbUser: chatops_admin\n', `    dbUser: chatops_admin\n    snapshotCopyGrants: ${grants}\n`);

describe('chatops.yml: snapshotCopyGrants', () => {
  it('maps destination Regions to grant names', () => {
    const target = parseChatopsConfig(withGrants('{ us-west-2: prod-copy-grant, eu-west-1: dr-grant }')).targets.prod;
    expect(target.kind === 'provisioned' && target.snapshotCopyGrants).toEqual({ 'us-west-2': 'prod-copy-grant', 'eu-west-1': 'dr-grant' });
  });

  it('refuses a key that is not a Region code and a name CreateSnapshotCopyGrant would refuse', () => {
    expect(configProblems(withGrants('{ Oregon: prod-copy-grant }')).join('\n')).toContain('is not an AWS region');
    for (const bad of ['Prod-Grant', 'grant-', 'a--b', '1grant']) {
      expect(configProblems(withGrants(`{ us-west-2: "${bad}" }`)).join('\n')).toContain(`"${bad}" is not a snapshot copy grant name`);
    }
  });

  it('belongs to provisioned targets only', () => {
    const yaml = withGrants('{}').replace(
      'channels:',
      '  lake:\n    kind: serverless\n    workgroup: lake\n    namespace: lake\n    database: dev\n    snapshotCopyGrants: { us-west-2: g }\nchannels:',
    );
    expect(configProblems(yaml).join('\n')).toContain('targets.lake.snapshotCopyGrants: is not a known field');
  });
});
