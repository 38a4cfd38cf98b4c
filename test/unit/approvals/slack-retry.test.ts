import { WebClient } from '@slack/web-api';
import { JobPayloadError } from '../../../src/jobs/payload';
import { SLACK_RETRY_JOB, slackRetryJob } from '../../../src/approvals/slack-retry';

/** The job that retries what a click's listener could not tell Slack: only what is missing, and failed loudly while Slack still refuses. */
describe('approvals.slack-retry job', () => {
  const slack = new WebClient();
  const steps = (missingAfter: string[], redrawn: boolean) => {
    const calls: string[] = [];
    return {
      calls,
      job: slackRetryJob({
        announceBreakGlass: async (requestId, channels) => {
          calls.push(`notice ${requestId} in ${channels.join(',')}`);
          return missingAfter;
        },
        redraw: async (requestId) => {
          calls.push(`redraw ${requestId}`);
          return redrawn;
        },
      }),
    };
  };

  test('posts the notice only where it is missing, and redraws when asked', async () => {
    const { calls, job } = steps([], true);
    await expect(job({ requestId: 'r-1', noticeIn: ['C0AUDIT'], redraw: true }, { slack })).resolves.toEqual({ requestId: 'r-1' });
    expect(calls).toEqual(['notice r-1 in C0AUDIT', 'redraw r-1']);
  });

  test('does nothing it was not asked for', async () => {
    const { calls, job } = steps([], true);
    await job({ requestId: 'r-2', noticeIn: [], redraw: true }, { slack });
    expect(calls).toEqual(['redraw r-2']);
  });

  test('fails, naming what is still missing, while Slack refuses', async () => {
    await expect(steps(['C0AUDIT'], true).job({ requestId: 'r-3', noticeIn: ['C0AUDIT'], redraw: false }, { slack })).rejects.toThrow(
      'the break-glass notice still could not be posted in C0AUDIT',
    );
    await expect(steps([], false).job({ requestId: 'r-4', noticeIn: [], redraw: true }, { slack })).rejects.toThrow('its messages still could not be redrawn');
  });

  test('a payload that is not what it expects is refused before any Slack call', async () => {
    const { calls, job } = steps([], true);
    await expect(job({ requestId: 'r-5', redraw: 'yes' }, { slack })).rejects.toThrow(JobPayloadError);
    await expect(job({ requestId: 'r-5', redraw: 'yes' }, { slack })).rejects.toThrow(SLACK_RETRY_JOB);
    expect(calls).toEqual([]);
  });
});
