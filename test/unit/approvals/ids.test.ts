import { isRequestId, requestIdFor } from '../../../src/approvals/ids';

describe('request ids', () => {
  test('r- and ten hex digits, the same for the same idempotency key', () => {
    const id = requestIdFor('command:T0CHATOPS:trigger-1');
    expect(id).toMatch(/^r-[0-9a-f]{10}$/);
    expect(requestIdFor('command:T0CHATOPS:trigger-1')).toBe(id);
    expect(requestIdFor('command:T0CHATOPS:trigger-2')).not.toBe(id);
  });

  test.each([
    ['r-0123456789', true],
    ['r-abcdefabcd', true],
    ['r-ABCDEFABCD', false],
    ['r-012345678', false],
    ['r-0123456789; DROP', false],
    ['', false],
    [42, false],
    [undefined, false],
  ])('isRequestId(%p) is %p', (value, expected) => {
    expect(isRequestId(value)).toBe(expected);
  });
});
