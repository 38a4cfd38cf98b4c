import { bodyShapeProblem, checkSlackRequest, MAX_BODY_BYTES } from '../../../src/runtime/slack-request-guard';

describe('checkSlackRequest', () => {
  const now = Date.parse('2026-12-03T12:00:00.750Z');
  const ts = (offset: number) => String(Math.floor(now / 1000) + offset);

  test.each([0, 300, -300, 299, -299])('a timestamp %i s from now is accepted', (offset) => {
    expect(checkSlackRequest({ timestamp: ts(offset) }, now)).toEqual({ ok: true });
  });

  test.each([301, -301, 365 * 24 * 3600, -365 * 24 * 3600])('a timestamp %i s from now is refused with 401', (offset) => {
    expect(checkSlackRequest({ timestamp: ts(offset) }, now)).toMatchObject({ ok: false, status: 401 });
  });

  test.each([undefined, '', 'abc', '1.5e9', '-1', '1796307794000000'])('a timestamp header %p is refused with 401', (timestamp) => {
    expect(checkSlackRequest({ timestamp }, now)).toMatchObject({ ok: false, status: 401 });
  });

  test('a body over the cap is refused with 413, one at the cap is not', () => {
    expect(checkSlackRequest({ timestamp: ts(0), bodyBytes: MAX_BODY_BYTES + 1 }, now)).toMatchObject({ ok: false, status: 413 });
    expect(checkSlackRequest({ timestamp: ts(0), bodyBytes: MAX_BODY_BYTES }, now)).toEqual({ ok: true });
  });
});

describe('bodyShapeProblem', () => {
  const FORM = 'application/x-www-form-urlencoded';
  const form = (fields: Record<string, string>) => Buffer.from(new URLSearchParams(fields).toString());

  test.each([
    ['a slash command', form({ command: '/redshift', text: 'help' })],
    ['an interaction', form({ payload: JSON.stringify({ type: 'block_actions', actions: [] }) })],
    ['an SSL check', form({ ssl_check: '1', token: 'x' })],
  ])('%s is let through', (_name, body) => {
    expect(bodyShapeProblem(FORM, body)).toBeUndefined();
  });

  test.each([
    ['%%%'],
    ['\u0000\u0001'],
    ['payload=%7Bnot-json'],
    ['payload=%5B1%5D'],
    ['payload=%7B%22actions%22%3A%5B%5D%7D'],
    ['command=redshift&text=help'],
    ['text=help'],
  ])('the form %p is refused', (body) => {
    expect(bodyShapeProblem(`${FORM}; charset=utf-8`, Buffer.from(body))).toMatch(/form/);
  });

  test.each(['{', 'null', '[1,2]', '"text"'])('the JSON body %p is refused', (body) => {
    expect(bodyShapeProblem('application/json', Buffer.from(body))).toMatch(/JSON/);
  });

  test('a JSON object and other content types are left to the signature check', () => {
    expect(bodyShapeProblem('application/json', Buffer.from('{"type":"url_verification"}'))).toBeUndefined();
    expect(bodyShapeProblem('text/plain', Buffer.from('%%%'))).toBeUndefined();
  });
});
