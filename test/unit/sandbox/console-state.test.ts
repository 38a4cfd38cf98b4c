import { LocalLog } from '../../../src/sandbox/console/local-log';
import { OffsetClock } from '../../../src/sandbox/console/sandbox-clock';
import { ViewTracker } from '../../../src/sandbox/console/view-tracker';

describe('the sandbox clock', () => {
  test('follows the wall clock plus what the console skipped, and only moves forward', () => {
    let wall = 1_000;
    const clock = new OffsetClock(() => wall);
    clock.advance(3_600_000);
    wall += 5;
    expect(clock.now()).toBe(3_601_005);
    expect(clock.skippedMs).toBe(3_600_000);
    expect(() => clock.advance(-1)).toThrow('only moves forward');
    expect(() => clock.advance(0)).toThrow('only moves forward');
  });
});

describe('which modal is open for whom', () => {
  test('a view opened with a trigger the console minted belongs to that person; pushes stack, closes pop', () => {
    const views = new ViewTracker();
    views.rememberTrigger('t1', 'U0ANALYST');
    views.rememberTrigger('t2', 'U0ANALYST');
    views.opened('t1', 'V1', false);
    views.opened('t2', 'V2', true);
    views.opened('unknown', 'V3', false);
    expect(views.open()).toEqual([
      ['U0ANALYST', 'V1'],
      ['U0ANALYST', 'V2'],
    ]);
    expect(views.ownerOf('V2')).toBe('U0ANALYST');
    views.close('U0ANALYST', 'V2');
    expect(views.open()).toEqual([['U0ANALYST', 'V1']]);
    views.closeAll('U0ANALYST');
    expect(views.open()).toEqual([]);
  });

  test('a response_action update or push is kept locally, since the stand-in never saw it', () => {
    const views = new ViewTracker();
    views.pushLocally('U0ADMIN', { type: 'modal', title: { type: 'plain_text', text: 'Next' } });
    const [[user, id]] = views.open();
    expect(user).toBe('U0ADMIN');
    expect(views.localView(id)).toMatchObject({ id, type: 'modal' });
  });
});

describe("the console's own messages", () => {
  test('get unique, ordered Slack-style ts values and can be hidden when replaced', () => {
    const log = new LocalLog();
    const at = Date.parse('2026-11-25T10:00:00Z');
    const first = log.add({ channel: 'C1', text: '/redshift help', blocks: [], edited: false, author: 'U0ANALYST', kind: 'command' }, at);
    const second = log.add({ channel: 'C1', text: 'ack', blocks: [], edited: false, author: 'U0BOT', kind: 'bot' }, at);
    expect(first.ts).toMatch(/^\d+\.\d{6}$/);
    expect(Number(second.ts)).toBeGreaterThan(Number(first.ts));
    log.hide(first.ts);
    expect(log.all().map((message) => message.text)).toEqual(['ack']);
  });
});
