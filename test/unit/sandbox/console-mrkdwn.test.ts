import { mrkdwnToHtml, plainToHtml } from '../../../src/sandbox/console/render/mrkdwn';
import type { Directory } from '../../../src/sandbox/console/types';

const directory: Directory = {
  users: { U0ANALYST: 'alice', U0BOT: 'redshift-chatops' },
  usergroups: { S0DATALEADS: 'data-leads' },
  channels: { C0APPROVALS: 'redshift-approvals' },
};
const html = (text: string) => mrkdwnToHtml(text, directory);

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

  test('a mention inside bold is still a mention', () => {
    expect(html('*<@U0ANALYST>*')).toBe('<strong><span class="mention mention-user">@alice</span></strong>');
  });

  test('links with and without labels; other schemes are not links', () => {
    expect(html('<https://example.com/a?b=1&amp;c=2|the docs>')).toBe('<a href="https://example.com/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer">the docs</a>');
    expect(html('<https://example.com>')).toBe('<a href="https://example.com" target="_blank" rel="noopener noreferrer">https://example.com</a>');
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
