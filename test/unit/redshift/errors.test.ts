import {
  ClusterNotFoundFault,
  ClusterSnapshotAlreadyExistsFault,
  ClusterSnapshotQuotaExceededFault,
  InvalidClusterStateFault,
  InvalidRetentionPeriodFault,
} from '@aws-sdk/client-redshift';
import { ActiveStatementsExceededException } from '@aws-sdk/client-redshift-data';
import {
  AccessDeniedException,
  ConflictException,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  ThrottlingException,
} from '@aws-sdk/client-redshift-serverless';
import { AwsOperationError, awsCall, isFault, toAwsOperationError } from '../../../src/redshift/errors';

const metadata = (httpStatusCode: number, attempts = 1) => ({ httpStatusCode, requestId: 'req-1', attempts, totalRetryDelay: 0 });

describe('toAwsOperationError', () => {
  it('maps a Redshift fault class to its canonical name, status and message', () => {
    const error = toAwsOperationError(
      new InvalidClusterStateFault({ message: 'The cluster is paused.', $metadata: metadata(400) }),
      'CreateClusterSnapshot',
    );
    expect(error).toBeInstanceOf(AwsOperationError);
    expect(error.fault).toBe('InvalidClusterState');
    expect(error.code).toBe('InvalidClusterStateFault');
    expect(error.operation).toBe('CreateClusterSnapshot');
    expect(error.status).toBe(400);
    expect(error.retryable).toBe(false);
    expect(error.requestId).toBe('req-1');
    expect(error.message).toBe('CreateClusterSnapshot failed: InvalidClusterState: The cluster is paused.');
  });

  it('prefers the wire code the Query protocol keeps on the exception', () => {
    const raw = new InvalidClusterStateFault({ message: 'paused', $metadata: metadata(400) });
    Object.assign(raw, { Code: 'InvalidClusterState' });
    expect(toAwsOperationError(raw, 'PauseCluster').code).toBe('InvalidClusterState');
    const retention = new InvalidRetentionPeriodFault({ message: 'bad', $metadata: metadata(400) });
    Object.assign(retention, { Code: 'InvalidRetentionPeriodFault' });
    expect(toAwsOperationError(retention, 'CreateClusterSnapshot').fault).toBe('InvalidRetentionPeriod');
  });

  it('says the state and to try again once the cluster is available', () => {
    const error = toAwsOperationError(
      new InvalidClusterStateFault({ message: 'Cluster is not available.', $metadata: metadata(400) }),
      'CreateClusterSnapshot',
      {
        resource: 'cluster analytics-prod',
        state: 'paused',
      },
    );
    expect(error.userMessage()).toBe(
      'CreateClusterSnapshot failed: InvalidClusterState: Cluster is not available. Cluster analytics-prod is paused; try again after it is available (see /redshift status).',
    );
    const noState = toAwsOperationError(new InvalidClusterStateFault({ message: 'busy', $metadata: metadata(400) }), 'PauseCluster');
    expect(noState.userMessage()).toContain('The warehouse is busy or not available; try again after it is available');
  });

  it('asks for another name when a snapshot already exists', () => {
    const error = toAwsOperationError(
      new ClusterSnapshotAlreadyExistsFault({ message: 'Snapshot nightly already exists', $metadata: metadata(400) }),
      'CreateClusterSnapshot',
    );
    expect(error.fault).toBe('ClusterSnapshotAlreadyExists');
    expect(error.userMessage()).toBe(
      'CreateClusterSnapshot failed: ClusterSnapshotAlreadyExists: Snapshot nightly already exists. A snapshot with that name already exists; pick another name.',
    );
  });

  it('suggests deleting old manual snapshots on a quota fault (both services)', () => {
    const provisioned = toAwsOperationError(
      new ClusterSnapshotQuotaExceededFault({ message: 'quota', $metadata: metadata(400) }),
      'CreateClusterSnapshot',
    );
    const serverless = toAwsOperationError(
      new ServiceQuotaExceededException({ message: 'quota', $metadata: metadata(402) }),
      'CreateSnapshot',
    );
    for (const error of [provisioned, serverless]) expect(error.userMessage()).toContain('delete old manual snapshots');
  });

  it('marks throttling retryable and says it was retried automatically', () => {
    const error = toAwsOperationError(new ThrottlingException({ message: 'Rate exceeded', $metadata: metadata(429, 3) }), 'ListSnapshots');
    expect(error.retryable).toBe(true);
    expect(error.attempts).toBe(3);
    expect(error.userMessage()).toContain('retried automatically, so try again shortly');
    const queryThrottle = toAwsOperationError(
      Object.assign(new Error('Rate exceeded'), { name: 'Throttling', Code: 'Throttling' }),
      'DescribeClusters',
    );
    expect(queryThrottle.retryable).toBe(true);
  });

  it("blames the bot's IAM role on AccessDenied", () => {
    const error = toAwsOperationError(new AccessDeniedException({ message: 'not authorized', $metadata: metadata(403) }), 'GetWorkgroup');
    expect(error.userMessage()).toBe(
      "GetWorkgroup failed: AccessDeniedException: not authorized. The bot's IAM role lacks the permission for GetWorkgroup; ask an AWS administrator to allow it.",
    );
  });

  it('treats 5xx and server faults as retryable', () => {
    const internal = Object.assign(new Error('boom'), { name: 'InternalServerException', $fault: 'server', $metadata: metadata(500) });
    expect(toAwsOperationError(internal, 'ExecuteStatement').retryable).toBe(true);
    expect(toAwsOperationError(internal, 'ExecuteStatement').userMessage()).toContain('This looks temporary');
  });

  it('maps network errors and odd values', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    const error = toAwsOperationError(refused, 'DescribeClusters');
    expect(error.fault).toBe('ECONNREFUSED');
    expect(error.retryable).toBe(true);
    expect(error.userMessage()).toContain('could not reach AWS');
    expect(toAwsOperationError('plain text', 'X').message).toBe('X failed: UnknownError: plain text');
    expect(toAwsOperationError(undefined, 'X').message).toBe('X failed: UnknownError: no message from AWS');
  });

  it('keeps other modeled faults as they are, without a hint', () => {
    const error = toAwsOperationError(
      new ActiveStatementsExceededException({ message: 'too many', $metadata: metadata(400) }),
      'ExecuteStatement',
    );
    expect(error.fault).toBe('ActiveStatementsExceededException');
    expect(error.userMessage()).toBe('ExecuteStatement failed: ActiveStatementsExceededException: too many');
  });

  it('passes an AwsOperationError through and adds context, an adapter hint winning', () => {
    const first = toAwsOperationError(new ConflictException({ message: 'conflict', $metadata: metadata(409) }), 'CreateSnapshot');
    expect(toAwsOperationError(first, 'Other')).toBe(first);
    const hinted = first.withContext({ hint: 'A snapshot with that name already exists; pick another name' });
    expect(hinted.userMessage()).toBe(
      'CreateSnapshot failed: ConflictException: conflict. A snapshot with that name already exists; pick another name.',
    );
    expect(hinted.operation).toBe('CreateSnapshot');
    expect(hinted.cause).toBe(first.cause);
  });

  it('helps with a missing resource', () => {
    const error = toAwsOperationError(
      new ClusterNotFoundFault({ message: 'Cluster x not found.', $metadata: metadata(404) }),
      'DescribeClusters',
      {
        resource: 'cluster x',
      },
    );
    expect(error.fault).toBe('ClusterNotFound');
    expect(error.userMessage()).toContain('Check that cluster x exists');
    const rnf = toAwsOperationError(
      new ResourceNotFoundException({ message: 'nope', resourceName: 'lake', $metadata: metadata(404) }),
      'GetWorkgroup',
    );
    expect(isFault(rnf, 'ResourceNotFoundException')).toBe(true);
  });
});

describe('awsCall', () => {
  it('returns the value or throws the mapped error', async () => {
    await expect(awsCall('Op', async () => 42)).resolves.toBe(42);
    await expect(
      awsCall('DeleteCluster', async () => {
        throw new InvalidClusterStateFault({ message: 'paused', $metadata: metadata(400) });
      }),
    ).rejects.toMatchObject({ fault: 'InvalidClusterState', operation: 'DeleteCluster' });
  });
});

describe('what requesters see of an AWS error: no account id, no full ARN', () => {
  const denied = () =>
    toAwsOperationError(
      new AccessDeniedException({
        message:
          'User: arn:aws:sts::123456789012:assumed-role/chatops-bot/session-1 is not authorized to perform: redshift-serverless:CreateSnapshot on resource: arn:aws:redshift-serverless:us-east-1:123456789012:namespace/4f1c2b7e-aaaa-bbbb-cccc-0123456789ab because no identity-based policy allows it (account 123456789012).',
        $metadata: metadata(400),
      }),
      'CreateSnapshot',
    );

  it('userMessage gives each ARN as its resource kind and name and hides bare account ids', () => {
    const text = denied().userMessage();
    expect(text).not.toMatch(/\d{12}/);
    expect(text).not.toContain('arn:');
    expect(text).toContain('User: assumed-role/chatops-bot/session-1 is not authorized');
    expect(text).toContain('on resource: namespace/4f1c2b7e-aaaa-bbbb-cccc-0123456789ab because');
    expect(text).toContain('(account …)');
    expect(text).toContain("The bot's IAM role lacks the permission for CreateSnapshot");
  });

  it('the message, the detailed message and the audit record keep them', () => {
    const error = denied();
    expect(error.message).toContain('arn:aws:sts::123456789012:assumed-role/chatops-bot/session-1');
    expect(error.detailedMessage()).toContain('arn:aws:redshift-serverless:us-east-1:123456789012:namespace/');
    expect(error.detailedMessage()).toContain("The bot's IAM role lacks the permission");
  });

  it('an ARN ending a sentence keeps the full stop outside; other ARN shapes shorten the same way', () => {
    const text = toAwsOperationError(
      new ClusterNotFoundFault({
        message: 'Not found: arn:aws:redshift:us-east-1:123456789012:cluster:analytics-prod. Role arn:aws:iam::123456789012:role/ops/chatops, key arn:aws-us-gov:kms:us-gov-west-1:123456789012:key/abc.',
        $metadata: metadata(404),
      }),
      'DescribeClusters',
    ).userMessage();
    expect(text).toContain('Not found: cluster:analytics-prod. Role role/ops/chatops, key key/abc.');
    expect(text).not.toMatch(/\d{12}/);
  });

  it('numbers that are not account ids are left alone', () => {
    const text = toAwsOperationError(
      new ClusterNotFoundFault({ message: 'Snapshot of 1234567890123 bytes, request 12345678901, id 123456789012-x', $metadata: metadata(404) }),
      'DescribeClusterSnapshots',
    ).userMessage();
    expect(text).toContain('1234567890123 bytes');
    expect(text).toContain('12345678901,');
    expect(text).toContain('123456789012-x');
  });
});
