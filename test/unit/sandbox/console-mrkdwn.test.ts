import { mrkdwnToHtml, plainToHtml } from '../../../src/sandbox/console/render/mrkdwn';
import type { Reader } from '../../../src/sandbox/console/render/reader';
import type { Directory } from '../../../src/sandbox/console/types';

const directory: Directory = {
  users: { U0ANALYST: 'alice', U0BOT: 'redshift-chatops' },
  usergroups: { S0DATALEADS: 'data-leads' },
  channels: { C0APPROVALS: 'redshift-approvals' },
};
/** Alice reads in Paris (UTC+1 in December); the sandbox clock says 2026-12-03 09:00 UTC. */
const reader: Reader = { directory, timeZone: 'Europe/Paris', now: Date.parse('2026-12-03T09:00:00Z') };
const html = (text: string) => mrkdwnToHtml(text, reader);
/** 2026-12-03 09:03 UTC, as the bot writes it. */
const grantEnd = Date.parse('2026-12-03T09:03:00Z') / 1000;

describe('mrkdwn as the console shows it', () => {
  test('bold, italic and strike at word boundaries, not inside words', () => {
    expect(html('*prod* is _paused_ and ~gone~')).toBe('<strong>prod</strong> is <em>paused</em> and <s>gone</s>');
    expect(html('snake_case_name and 2*3*4')).toBe('snake_case_name and 2*3*4');
  });

  test('inline code and code blocks are escaped and never formatted', () => {
    expect(html('run `GRANT ROLE "pii_users" TO *alice*`')).toBe('run <code>GRANT ROLE &quot;pii_users&quot; TO *alice*</code>');
    expect(html('```\nSELECT 1 < 2;\n```')).toBe('<pre class="code-block"><code>SELECT 1 &lt; 2;</code></pre>');
  });

  test('mentions become names: people, user groups, channels, special mentions', () => {
    expect(html('<@U0ANALYST> asks')).toBe('<span class="mention mention-user">@alice</span> asks');
    expect(html('<!subteam^S0DATALEADS> please')).toBe('<span class="mention mention-usergroup">@data-leads</span> please');
    expect(html('<!subteam^S0DATALEADS|@leads>')).toBe('<span class="mention mention-usergroup">@leads</span>');
    expect(html('in <#C0APPROVALS>')).toBe('in <span class="mention mention-channel">#redshift-approvals</span>');
    expect(html('<#C0OTHER|ops>')).toBe('<span class="mention mention-channel">#ops</span>');
    expect(html('<!here>')).toBe('<span class="mention mention-special">@here</span>');
    expect(html('<@U0UNKNOWN>')).toBe('<span class="mention mention-user">@U0UNKNOWN</span>');
  });

  test("bold around inline code is bold, the code inside it (help's first line)", () => {
    expect(html('*`/redshift`: operate Amazon Redshift from Slack*')).toBe(
      '<strong><code>/redshift</code>: operate Amazon Redshift from Slack</strong>',
    );
    expect(html('*run `vacuum` now* and _see `status`_')).toBe(
      '<strong>run <code>vacuum</code> now</strong> and <em>see <code>status</code></em>',
    );
    // Asterisks inside code stay literal, and a lone backtick is just a backtick.
    expect(html('`a*b` and *c*')).toBe('<code>a*b</code> and <strong>c</strong>');
    expect(html('it`s *fine*')).toBe('it`s <strong>fine</strong>');
    expect(html('`<argument>` is required')).toBe('<code>&lt;argument&gt;</code> is required');
  });

  test("a date token is the date in the reader's zone, not a mention chip", () => {
    const until = html(`until <!date^${grantEnd}^{date_short_pretty} {time}|2026-12-03 09:03 UTC>`);
    expect(until).toBe('until <time class="date" datetime="2026-12-03T09:03:00.000Z" title="2026-12-03 09:03 UTC">today 10:03 AM</time>');
    expect(until).not.toContain('mention');
    // 16:00 UTC is 5 PM in Paris and already the next day in Tokyo.
    const evening = `<!date^${Date.parse('2026-12-03T16:00:00Z') / 1000}^{date_short_pretty} {time}|x>`;
    expect(html(evening)).toContain('>today 5:00 PM</time>');
    expect(mrkdwnToHtml(evening, { ...reader, timeZone: 'Asia/Tokyo' })).toContain('>tomorrow 1:00 AM</time>');
    // Linked dates link; an unreadable timestamp shows the fallback as plain text.
    expect(html(`<!date^${grantEnd}^{date_num}^https://example.com/g|x>`)).toBe(
      '<a href="https://example.com/g" target="_blank" rel="noopener noreferrer"><time class="date" datetime="2026-12-03T09:03:00.000Z" title="2026-12-03 09:03 UTC">2026-12-03</time></a>',
    );
    expect(html('<!date^soon^{date}|when it &lt;ends&gt;>')).toBe('when it &lt;ends&gt;');
    // Inside bold it is still a date.
    expect(html(`*ends <!date^${grantEnd}^{time}|x>*`)).toContain('<strong>ends <time class="date"');
  });

  test('special mentions as Slack shows them', () => {
    expect(html('<!channel> and <!everyone>')).toBe(
      '<span class="mention mention-special">@channel</span> and <span class="mention mention-special">@everyone</span>',
    );
    expect(html('<!here|here>')).toBe('<span class="mention mention-special">@here</span>');
  });

  test('a mention inside bold is still a mention', () => {
    expect(html('*<@U0ANALYST>*')).toBe('<strong><span class="mention mention-user">@alice</span></strong>');
  });

  test('links with and without labels; other schemes are not links', () => {
    expect(html('<https://example.com/a?b=1&amp;c=2|the docs>')).toBe(
      '<a href="https://example.com/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer">the docs</a>',
    );
    expect(html('<https://example.com>')).toBe(
      '<a href="https://example.com" target="_blank" rel="noopener noreferrer">https://example.com</a>',
    );
    expect(html('<javascript:alert(1)|x>')).toBe('&lt;javascript:alert(1)|x&gt;');
  });

  test('HTML in the text is shown, not run; Slack entities are decoded once', () => {
    expect(html('<script>alert(1)</script>')).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html('a &lt; b &amp;&amp; c &gt; d')).toBe('a &lt; b &amp;&amp; c &gt; d');
    expect(html('"quoted" \'single\'')).toBe('&quot;quoted&quot; &#39;single&#39;');
  });

  test('emoji codes become characters; unknown ones stay as typed', () => {
    expect(html(':white_check_mark: done :not_an_emoji:')).toBe('✅ done :not_an_emoji:');
  });

  test('quotes and line breaks', () => {
    expect(html('first\nsecond')).toBe('first<br>second');
    expect(html('> quoted\n> more\nafter')).toBe('<blockquote>quoted<br>more</blockquote>after');
  });

  test('plain text is escaped with emoji, never formatted', () => {
    expect(plainToHtml(':lock: *not bold* <b>')).toBe('🔒 *not bold* &lt;b&gt;');
  });
});
