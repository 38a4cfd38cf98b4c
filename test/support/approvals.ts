import { WebClient } from '@slack/web-api';
import { PeopleResolver } from '../../src/approvals/people';
import { ApprovalWorkflow } from '../../src/approvals/workflow';
import type { Clock } from '../../src/clock';
import type { ChatopsConfig } from '../../src/config/chatops';
import { JobQueue } from '../../src/jobs/queue';
import type { Store } from '../../src/store/store';

/**
 * The approval workflow for tests that build a WorkContext by hand and never open a request: the same
 * class, on their store and clock, with a dispatcher that drops jobs and a Slack client that is never called.
 */
export function unusedApprovals(config: ChatopsConfig, store: Store, clock: Clock): ApprovalWorkflow {
  const slack = new WebClient('xoxb-unused');
  return new ApprovalWorkflow({
    config,
    store,
    clock,
    jobs: new JobQueue(store, { dispatch: async () => undefined }, clock),
    people: new PeopleResolver(
      () => slack,
      () => clock.now(),
    ),
  });
}
