import { callerArn, callerUserId, principalArn } from '../../../src/sandbox/aws/identity/caller';
import { credentialScopeService } from '../../../src/sandbox/aws/identity/query-wire';

const role = { identity: { role: 'bot-role' }, session: 'bot-fn', accountId: '123456789012' };
const user = { identity: { user: 'alice' }, session: 'ignored', accountId: '210987654321' };

describe('the emulated caller', () => {
  it('is an assumed-role session of its role, or a user, in the given account', () => {
    expect(callerArn(role)).toBe('arn:aws:sts::123456789012:assumed-role/bot-role/bot-fn');
    expect(principalArn(role)).toBe('arn:aws:iam::123456789012:role/bot-role');
    expect(callerArn(user)).toBe('arn:aws:iam::210987654321:user/alice');
    expect(principalArn(user)).toBe(callerArn(user));
  });

  it('has a stable aws:userid: role id and session for a role, the user id for a user', () => {
    expect(callerUserId(role)).toMatch(/^AROA[A-Z0-9]{17}:bot-fn$/);
    expect(callerUserId(role)).toBe(callerUserId({ ...role }));
    expect(callerUserId(user)).toMatch(/^AIDA[A-Z0-9]{17}$/);
  });
});

describe('credentialScopeService', () => {
  it('reads the signing name from a SigV4 Authorization header', () => {
    expect(
      credentialScopeService('AWS4-HMAC-SHA256 Credential=AKID/20261203/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=0'),
    ).toBe('sts');
    expect(credentialScopeService('AWS4-HMAC-SHA256 Credential=AKID/20261203/us-east-1/iam/aws4_request, SignedHeaders=host')).toBe('iam');
    expect(credentialScopeService('')).toBeUndefined();
  });
});
