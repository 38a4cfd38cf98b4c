import type { Feature } from '../../src/features/types';

/**
 * A feature that starts real work through the job queue, so tests can count how often work runs
 * (the shipped capabilities are built on the same path).
 */
export function countingFeature(): { feature: Feature; runs: () => number } {
  let runs = 0;
  const feature: Feature<'snapshot.create'> = {
    name: 'counting',
    commands: {
      async 'snapshot.create'({ ack, ports, requestKey, userId }) {
        const { created } = await ports.jobs.enqueue({ idempotencyKey: requestKey, type: 'count', payload: {}, actor: userId });
        await ack({ text: created ? 'Started.' : 'Already started.' });
      },
    },
    jobs: { count: async () => ++runs },
  };
  return { feature, runs: () => runs };
}
