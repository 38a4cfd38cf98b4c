import { deadlineAck, STILL_WORKING_TEXT } from '../../../src/features/ack-deadline';
import type { CommandReply } from '../../../src/features/types';

describe('deadlineAck', () => {
  const recorder = () => {
    const acks: Array<CommandReply | undefined> = [];
    const later: CommandReply[] = [];
    return { acks, later, ack: async (m?: CommandReply) => void acks.push(m), replace: async (m: CommandReply) => void later.push(m) };
  };

  test('a feature that answers in time acks once with its own answer', async () => {
    const r = recorder();
    const d = deadlineAck(r.ack, r.replace, 50);
    await d.ack({ text: 'done' });
    await new Promise((resolve) => setTimeout(resolve, 80));
    await d.done();
    expect(r.acks).toEqual([{ text: 'done' }]);
    expect(r.later).toEqual([]);
    expect(d.heldByDeadline()).toBe(false);
  });

  test('a feature still waiting at the deadline is acked with a holding message; its answer replaces it', async () => {
    const r = recorder();
    const d = deadlineAck(r.ack, r.replace, 20);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(r.acks).toEqual([{ text: STILL_WORKING_TEXT }]);
    await d.ack({ text: 'done late' });
    await d.ack();
    await d.done();
    expect(r.acks).toHaveLength(1);
    expect(r.later).toEqual([{ text: 'done late' }]);
    expect(d.heldByDeadline()).toBe(true);
  });
});
