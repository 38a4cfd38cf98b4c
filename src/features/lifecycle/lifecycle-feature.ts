import type { Feature } from '../types';
import { handleLifecycle, startLifecycle } from './command';
import { registerConfirm } from './confirm';
import { registerDeleteForm } from './delete-form';
import { executeJob } from './execute';
import { progressWatch } from './finish';
import { EXECUTE_JOB, OPEN_JOB, PREVIEW_JOB, PROGRESS_WATCH } from './ids';
import { checkMaintenance, registerDefer } from './maintenance';
import { openJob } from './open';
import { previewJob } from './preview-job';
import { registerTargetModal } from './target-modal';

/** `/redshift pause|resume|delete`: previews, typed-name deletion, approvals, progress in a thread, and the daily maintenance check. */
export const lifecycleFeature: Feature = {
  name: 'cluster lifecycle',
  verbs: ['pause', 'resume', 'delete'],
  handle: handleLifecycle,
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
