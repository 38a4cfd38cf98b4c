import { describePeople, type PeopleResolver } from '../../approvals/people';
import type { ActionPolicy } from '../../config/policies';
import { lazyJob } from '../shared/lazy-job';
import type { CommandHandler, Feature } from '../types';
import { DOCTOR_JOB, type DoctorJob } from './job-types';

/** Why this user may not run the doctor, in policies.doctor's words; undefined when they may. */
async function refused(policy: ActionPolicy, userId: string, people: PeopleResolver): Promise<string | undefined> {
  if (!policy.enabled) return '`/redshift doctor` is turned off in chatops.yml (policies.doctor.enabled).';
  if (await people.includes(policy.allowed, userId)) return undefined;
  return `You are not allowed to run \`/redshift doctor\`: policies.doctor allows ${describePeople(policy.allowed)}. Ask one of them, or an admin to add you.`;
}

const doctor: CommandHandler<'doctor'> = async (context) => {
  const { command, ports, userId } = context;
  const policy = ports.config.policies.doctor;
  // A usergroup lookup may wait on Slack: then the command is acked first and answered through the response URL.
  const ackedFirst = policy.enabled && ports.people.knownWithoutSlack(policy.allowed, userId) === undefined;
  if (ackedFirst) await context.ack();
  const answer = async (text: string): Promise<void> => {
    if (ackedFirst) await context.respond({ response_type: 'ephemeral', text });
    else await context.ack({ text });
  };

  const refusal = await refused(policy, userId, ports.people);
  if (refusal) {
    await ports.store.appendAudit({
      actor: userId,
      action: 'doctor.refused',
      target: command.target ?? 'all',
      result: { reason: refusal },
    });
    await answer(`:no_entry: ${refusal} Nothing was run.`);
    return;
  }
  const job: DoctorJob = {
    ...(command.target ? { target: command.target } : {}),
    replyTo: { responseUrl: context.responseUrl },
  };
  await ports.jobs.enqueue({ idempotencyKey: context.requestKey, type: DOCTOR_JOB, payload: job, actor: userId });
  const what = command.target
    ? `*${command.target}* (AWS, database) and the shared pieces (Slack, store)`
    : 'every target (AWS, database), Slack and the store';
  await answer(`:stethoscope: Checking the setup of ${what}, read-only… The report comes here, to you alone.`);
};

/**
 * `/redshift doctor [target]`, for the people policies.doctor allows: the checks `npm run doctor`
 * makes, read-only, answered to the requester alone.
 *
 *   /redshift doctor [target] → policies.doctor (a refusal is audited, nothing runs) → DOCTOR_JOB
 *     (doctor-job.ts: runDoctor with this process's ports, doctor-text.ts) → answer through the
 *     response URL. Nothing follows.
 */
export const doctorFeature: Feature<'doctor'> = {
  name: 'setup check',
  commands: { doctor },
  // Loaded on the job's first run: the checks (and the SDK clients they load) stay out of the `slack` function's cold start.
  jobs: { [DOCTOR_JOB]: lazyJob(async () => (await import('./doctor-job')).doctorJob(DOCTOR_JOB)) },
};
