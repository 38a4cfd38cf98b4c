import { failureDetail, failureRecord, failureText } from '../../../src/features/shared/failure';
import { AwsOperationError } from '../../../src/redshift/errors';

describe('failure text: requesters do not see account ids or ARNs; approvers and the audit log do', () => {
  const arn = 'arn:aws:iam::123456789012:role/chatops-bot';
  const aws = new AwsOperationError({
    fault: 'AccessDenied',
    operation: 'PauseCluster',
    retryable: false,
    awsMessage: `${arn} may not pause clusters`,
  });

  test('an AWS fault', () => {
    expect(failureText(aws)).toBe(
      "PauseCluster failed: AccessDenied: role/chatops-bot may not pause clusters. The bot's IAM role lacks the permission for PauseCluster; ask an AWS administrator to allow it.",
    );
    expect(failureDetail(aws)).toBe(
      `PauseCluster failed: AccessDenied: ${arn} may not pause clusters. The bot's IAM role lacks the permission for PauseCluster; ask an AWS administrator to allow it.`,
    );
    expect(failureRecord(aws)).toEqual({
      error: `PauseCluster failed: AccessDenied: ${arn} may not pause clusters`,
      fault: 'AccessDenied',
    });
  });

  test('any other error carrying an account id', () => {
    const other = new Error('statement failed for account 123456789012');
    expect(failureText(other)).toBe('statement failed for account …');
    expect(failureDetail(other)).toBe('statement failed for account 123456789012');
    expect(failureRecord(other)).toEqual({ error: 'statement failed for account 123456789012' });
  });
});
