import { StatementFailedError, StatementTimeoutError } from '../../../../src/redshift/data/errors';
import { toAwsOperationError } from '../../../../src/redshift/errors';
import { DeadlinePassedError } from '../../../../src/features/access/deadline';
import {
  grantMayHaveLanded,
  grantRetryDelayMs,
  GRANT_RETRY_MAX_DELAY_MS,
  isTransient,
  transientReason,
} from '../../../../src/features/access/transient';

const aws = (name: string, status: number, operation = 'ExecuteStatement') =>
  toAwsOperationError(Object.assign(new Error(`${name} happened`), { name, $metadata: { httpStatusCode: status } }), operation);

describe('which GRANT failures are tried again', () => {
  test('throttling, 5xx, a busy Data API, timeouts and lost races are transient', () => {
    expect(isTransient(aws('ThrottlingException', 400))).toBe(true);
    expect(isTransient(aws('InternalServerException', 500))).toBe(true);
    expect(isTransient(aws('ActiveStatementsExceededException', 400))).toBe(true);
    expect(isTransient(aws('ServiceUnavailableException', 503))).toBe(true);
    expect(isTransient(new StatementTimeoutError('s-1', 12_000, 'STARTED', { cancelled: true }))).toBe(true);
    expect(isTransient(new DeadlinePassedError('grant attempt 2'))).toBe(true);
    expect(isTransient(new StatementFailedError('s-2', 'ERROR: 1023 DETAIL: Serializable isolation violation on table'))).toBe(true);
  });

  test('a SQL error, a refused caller or a bad request is not', () => {
    expect(isTransient(new StatementFailedError('s-3', 'ERROR: permission denied for role pii_users'))).toBe(false);
    expect(isTransient(aws('AccessDeniedException', 400))).toBe(false);
    expect(isTransient(aws('ValidationException', 400))).toBe(false);
    expect(isTransient(new Error('target prod is no longer in chatops.yml'))).toBe(false);
  });

  test('a GRANT may have landed unless ExecuteStatement itself was refused, Redshift refused it, or it was cancelled', () => {
    expect(grantMayHaveLanded(aws('ThrottlingException', 400, 'ExecuteStatement'))).toBe(false);
    expect(grantMayHaveLanded(aws('ThrottlingException', 400, 'DescribeStatement'))).toBe(true);
    expect(grantMayHaveLanded(new StatementFailedError('s-4', 'ERROR: role "x" does not exist'))).toBe(false);
    expect(grantMayHaveLanded(new StatementTimeoutError('s-5', 12_000, 'STARTED', { cancelled: true }))).toBe(false);
    expect(
      grantMayHaveLanded(new StatementTimeoutError('s-6', 12_000, 'STARTED', { cancelled: false, fault: 'ThrottlingException' })),
    ).toBe(true);
  });

  test('retries are 1 min apart, then 2, 4, at most 5', () => {
    expect([1, 2, 3, 4, 9].map(grantRetryDelayMs)).toEqual([60_000, 120_000, 240_000, GRANT_RETRY_MAX_DELAY_MS, GRANT_RETRY_MAX_DELAY_MS]);
  });

  test('the reason is said in plain words', () => {
    expect(transientReason(aws('ThrottlingException', 400))).toBe('AWS is throttling');
    expect(transientReason(aws('InternalServerException', 500))).toContain('an error on its side');
  });
});
