import type { Feature } from '../types';
import { handleLifecycle, startLifecycle } from './command';
import { registerConfirm } from './confirm';
import { registerDeleteForm } from './delete-form';
import { executeJob } from './execute';
import { progressWatch } from './finish';
import { EXECUTE_JOB, OPEN_JOB, PROGRESS_WATCH } from './ids';
import { PREVIEW_JOB } from '../shared/lifecycle-preview';
import { checkMaintenance, registerDefer } from './maintenance';
import { openJob } from './open';
import { previewJob } from './preview-job';
import { registerTargetModal } from './target-modal';

/**
 * `/redshift pause|resume|delete`: previews, typed-name deletion, approvals, progress in a thread, and the daily maintenance check.
 *
 *   /redshift pause|resume <target> (command.ts; no target: the target modal asks, target-modal.ts)
 *     → PREVIEW_JOB (previewJob: looks at the target, answers with a preview and a Confirm button)
 *     → Confirm click (confirm.ts) → proceed (open.ts): EXECUTE_JOB at once when policies say no approval,
 *       else OPEN_JOB (openJob: opens the approval request) → approved → EXECUTE_JOB (its executor)
 *     → EXECUTE_JOB (execute.ts) calls AWS and starts PROGRESS_WATCH (progress.ts)
 *     → PROGRESS_WATCH (finish.ts) follows the target until it reaches its end state, and says so.
 *   /redshift delete <target> → the typed-name delete modal (delete-modal.ts, no job) → submit
 *     (delete-form.ts) → proceed, always through an approval request → as above.
 *   `lifecycle.maintenance` task → maintenance alert with a defer picker (maintenance.ts) → proceed → as above.
 */
export const lifecycleFeature: Feature<'pause' | 'resume' | 'delete'> = {
  name: 'cluster lifecycle',
  commands: { pause: handleLifecycle, resume: handleLifecycle, delete: handleLifecycle },
  register(app, ports) {
    registerConfirm(app, ports);
    registerDeleteForm(app, ports);
    registerDefer(app, ports);
    registerTargetModal(app, ports, (p, choice, target, user, key) =>
      startLifecycle(p, {
        action: choice.action,
        target,
        user,
        channelId: choice.channelId,
        requestKey: key,
        replyTo: { channel: choice.channelId, user },
      }),
    );
  },
  jobs: { [PREVIEW_JOB]: previewJob, [OPEN_JOB]: openJob, [EXECUTE_JOB]: executeJob },
  watches: { [PROGRESS_WATCH]: progressWatch },
  tasks: (context) => ({
    'lifecycle.maintenance': async (run) => {
      await checkMaintenance(context, run);
    },
  }),
};
