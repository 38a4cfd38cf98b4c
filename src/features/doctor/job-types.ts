import type { ReplyTo } from '../shared/reply';

/** The job type, stored with each job: never rename it. */
export const DOCTOR_JOB = 'doctor.run';

export interface DoctorJob {
  /** Only this target's checks and the shared ones; absent: every target. */
  target?: string;
  replyTo: ReplyTo;
}
