import type { ApprovalRequest } from '../../src/approvals/types';
import type { ExecutorPayload } from '../../src/approvals/workflow';
import type { People } from '../../src/config/policies';
import type { Feature } from '../../src/features/types';

export const TEST_EXECUTOR = 'test.approved';

/** What the next `/redshift pause <target>` asks for; tests change it between requests. */
export interface TestRequestSettings {
  approvers: People;
  approvalsRequired: number;
  breakGlassAllowed: boolean;
  expiresInMs?: number;
  requesterChannel?: string;
}

/**
 * A feature that opens approval requests through ports.approvals and whose executor counts its runs,
 * so tests see exactly when (and how often) approved work runs. It borrows the `pause` verb.
 */
export function approvalFeature(initial: Partial<TestRequestSettings> = {}) {
  const settings: TestRequestSettings = {
    approvers: { users: ['U0APPROVER', 'U0APPROVER2'], usergroups: [], everyone: false },
    approvalsRequired: 1,
    breakGlassAllowed: false,
    ...initial,
  };
  const runs = new Map<string, number>();
  const feature: Feature<'pause'> = {
    name: 'approval test',
    commands: {
      async pause({ command, ports, client, userId, requestKey, ack }) {
        const target = command.target ?? 'prod';
        const opened = await ports.approvals.open(
          {
            action: 'test.pause',
            requester: userId,
            target,
            title: `<@${userId}> asks to pause ${target}`,
            summary: [`*Target:* ${target}`, '*Why:* testing approvals'],
            willRun: [`PauseCluster ${target}`],
            details: { target },
            approvers: settings.approvers,
            approvalsRequired: settings.approvalsRequired,
            breakGlassAllowed: settings.breakGlassAllowed,
            executor: TEST_EXECUTOR,
            idempotencyKey: requestKey,
            ...(settings.expiresInMs !== undefined ? { expiresInMs: settings.expiresInMs } : {}),
            ...(settings.requesterChannel !== undefined ? { requesterChannel: settings.requesterChannel } : {}),
          },
          client,
        );
        await ack({ text: `Opened ${opened.id}` });
      },
    },
    jobs: {
      [TEST_EXECUTOR]: async (payload, context) => {
        const { requestId } = payload as ExecutorPayload;
        const request: ApprovalRequest | undefined = await context.approvals.get(requestId);
        runs.set(requestId, (runs.get(requestId) ?? 0) + 1);
        await context.approvals.note(requestId, `Ran for ${request?.target ?? 'nothing'}.`, context.slack);
        return { ran: requestId };
      },
    },
  };
  return {
    feature,
    settings,
    /** Executor runs for one request, or in all. */
    runs: (requestId?: string) => (requestId ? (runs.get(requestId) ?? 0) : [...runs.values()].reduce((a, b) => a + b, 0)),
  };
}
