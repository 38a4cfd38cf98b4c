import { slackDate } from '../../../src/sandbox/console/render/dates';

/** Slack's date tokens, each as the docs describe it, for a reader in New York on 2026-12-03. */
const reader = { timeZone: 'America/New_York', now: Date.parse('2026-12-03T15:00:00Z') };
const at = (iso: string) => String(Date.parse(iso) / 1000);
const text = (iso: string, format: string) => slackDate(`${at(iso)}^${format}`, 'fallback', reader).text;

describe("Slack's <!date^…> tokens", () => {
  test('every documented token, in the reader zone', () => {
    // 2026-02-18 11:39:45 UTC is 06:39:45 in New York (EST).
    const moment = '2026-02-18T11:39:45Z';
    expect(text(moment, '{date_num}')).toBe('2026-02-18');
    expect(text(moment, '{date_slash}')).toBe('18/02/2026');
    expect(text(moment, '{date}')).toBe('February 18th, 2026');
    expect(text(moment, '{date_short}')).toBe('Feb 18, 2026');
    expect(text(moment, '{date_long}')).toBe('Wednesday, February 18th, 2026');
    expect(text(moment, '{date_long_full}')).toBe('February 18, 2026');
    expect(text(moment, '{time}')).toBe('6:39 AM');
    expect(text(moment, '{time_secs}')).toBe('6:39:45 AM');
    expect(text(moment, 'on {date_short} at {time}')).toBe('on Feb 18, 2026 at 6:39 AM');
  });

  test('the pretty forms say today, yesterday or tomorrow, counted in the reader zone from the sandbox clock', () => {
    expect(text('2026-12-03T20:00:00Z', '{date_pretty}')).toBe('today');
    // 03:00 UTC on the 4th is still the 3rd in New York.
    expect(text('2026-12-04T03:00:00Z', '{date_short_pretty} {time}')).toBe('today 10:00 PM');
    expect(text('2026-12-04T12:00:00Z', '{date_long_pretty}')).toBe('tomorrow');
    expect(text('2026-12-02T12:00:00Z', '{date_short_pretty}')).toBe('yesterday');
    expect(text('2026-12-10T12:00:00Z', '{date_short_pretty}')).toBe('Dec 10, 2026');
    expect(text('2026-12-10T12:00:00Z', '{date_pretty}')).toBe('December 10th, 2026');
    expect(text('2026-12-10T12:00:00Z', '{date_long_pretty}')).toBe('Thursday, December 10th, 2026');
    expect(text('2026-12-10T12:00:00Z', '{day_divider_pretty}')).toBe('Thursday, December 10th');
    expect(text('2027-01-10T12:00:00Z', '{day_divider_pretty}')).toBe('Sunday, January 10th, 2027');
  });

  test('ordinals, midnight and noon', () => {
    expect(text('2026-12-01T17:00:00Z', '{date} {time}')).toBe('December 1st, 2026 12:00 PM');
    expect(text('2026-12-22T05:00:00Z', '{date} {time}')).toBe('December 22nd, 2026 12:00 AM');
    expect(text('2026-12-23T12:00:00Z', '{date}')).toBe('December 23rd, 2026');
    expect(text('2026-12-11T12:00:00Z', '{date}')).toBe('December 11th, 2026');
  });

  test('the link, the moment, and the fallback when the timestamp or zone cannot be read', () => {
    expect(slackDate(`${at('2026-12-03T09:03:00Z')}^{date_num}^https://example.com`, 'x', reader)).toEqual({
      text: '2026-12-03',
      iso: '2026-12-03T09:03:00.000Z',
      link: 'https://example.com',
    });
    expect(slackDate('tomorrow^{date}', 'the fallback', reader)).toEqual({ text: 'the fallback' });
    expect(slackDate(`${at('2026-12-03T09:03:00Z')}^{date}`, 'the fallback', { ...reader, timeZone: 'Mars/Olympus' })).toEqual({
      text: 'the fallback',
    });
    // A token Slack does not document stays as written.
    expect(text('2026-12-03T09:03:00Z', '{weekday} {date_num}')).toBe('{weekday} 2026-12-03');
  });
});
