import type { App } from '@slack/bolt';
import type { ChatopsConfig } from '../../config/chatops';
import { REASON_MAX_CHARS } from '../../commands/args';
import { formatDuration } from '../../config/duration';
import type { AppPorts } from '../types';
import { durationChoices } from './durations';
import { databaseUserFor } from './identity';
import { checkDraft, roleNamed, type AccessDraft } from './request';
import { enqueueOpen } from './submit';
import { modalView } from '../shared/modal';

/** The request form: role (limited to chatops.yml), target when the role has several, duration within the role's maximum, reason. */
export const ACCESS_MODAL = 'access_request';
/** The role picker dispatches on change, so the form can show that role's durations and targets. */
export const ROLE_ACTION = 'access_role';
const VALUE = 'value';

interface ModalMetadata {
  channelId: string;
}

type Option = { text: { type: 'plain_text'; text: string }; value: string };
const option = (text: string, value: string): Option => ({ text: { type: 'plain_text', text: text.slice(0, 75) }, value });

export function requestModal(config: ChatopsConfig, draft: AccessDraft, channelId: string) {
  const roles = config.access.roles;
  const role = roleNamed(config, draft.role);
  const roleOptions = Object.entries(roles).map(([name, rules]) =>
    option(rules.description ? `${name} — ${rules.description}` : name, name),
  );
  const blocks: unknown[] = [
    {
      type: 'input',
      block_id: 'role',
      dispatch_action: true,
      label: { type: 'plain_text', text: 'Role' },
      element: {
        type: 'static_select',
        action_id: ROLE_ACTION,
        placeholder: { type: 'plain_text', text: 'Choose a role' },
        options: roleOptions,
        ...(role ? { initial_option: roleOptions.find((o) => o.value === draft.role) } : {}),
      },
    },
  ];
  if (role && role.targets.length > 1) {
    const targetOptions = role.targets.map((name) => option(name, name));
    const initial = targetOptions.find((o) => o.value === draft.target);
    blocks.push({
      type: 'input',
      block_id: 'target',
      label: { type: 'plain_text', text: 'Where' },
      element: { type: 'static_select', action_id: VALUE, options: targetOptions, ...(initial ? { initial_option: initial } : {}) },
    });
  }
  const max = role ? role.maxDuration : Math.max(...Object.values(roles).map((r) => r.maxDuration), 0);
  const choices = durationChoices(max, role?.defaultDuration);
  if (draft.durationMs !== undefined && draft.durationMs > 0 && draft.durationMs <= max && !choices.includes(draft.durationMs)) {
    choices.push(draft.durationMs);
    choices.sort((a, b) => a - b);
  }
  const durationOptions = choices.map((ms) => option(formatDuration(ms), String(ms)));
  const initialMs = draft.durationMs !== undefined && choices.includes(draft.durationMs) ? draft.durationMs : role?.defaultDuration;
  const initialDuration = durationOptions.find((o) => o.value === String(initialMs));
  blocks.push({
    type: 'input',
    block_id: 'duration',
    label: { type: 'plain_text', text: 'For how long' },
    hint: {
      type: 'plain_text',
      text: role ? `At most ${formatDuration(role.maxDuration)} for ${draft.role}.` : 'Choose a role first; each has its own maximum.',
    },
    element: {
      type: 'static_select',
      action_id: VALUE,
      options: durationOptions,
      ...(initialDuration ? { initial_option: initialDuration } : {}),
    },
  });
  blocks.push({
    type: 'input',
    block_id: 'reason',
    optional: !(role?.reasonRequired ?? false),
    label: { type: 'plain_text', text: 'Why' },
    hint: { type: 'plain_text', text: 'Approvers read this; a ticket or incident number helps.' },
    element: {
      type: 'plain_text_input',
      action_id: VALUE,
      multiline: true,
      max_length: REASON_MAX_CHARS,
      ...(draft.reason ? { initial_value: draft.reason.slice(0, REASON_MAX_CHARS) } : {}),
    },
  });
  const metadata: ModalMetadata = { channelId };
  return modalView({ callbackId: ACCESS_MODAL, metadata, title: 'Request access', submit: 'Ask approvers', blocks });
}

type StateValues = Record<string, Record<string, { selected_option?: { value?: string } | null; value?: string | null }>>;

/** The form's values as a draft; nothing trusted yet (checkDraft judges it). */
export function readModal(values: StateValues): AccessDraft {
  const ms = Number(values.duration?.[VALUE]?.selected_option?.value ?? NaN);
  return {
    role: values.role?.[ROLE_ACTION]?.selected_option?.value ?? undefined,
    target: values.target?.[VALUE]?.selected_option?.value ?? undefined,
    durationMs: Number.isFinite(ms) ? ms : undefined,
    reason: values.reason?.[VALUE]?.value ?? undefined,
  };
}

function channelOf(privateMetadata: string, fallback: string): string {
  try {
    const parsed = JSON.parse(privateMetadata || '{}') as Partial<ModalMetadata>;
    return typeof parsed.channelId === 'string' && /^[CDG][A-Z0-9]+$/.test(parsed.channelId) ? parsed.channelId : fallback;
  } catch {
    return fallback;
  }
}

export function registerRequestModal(app: App, ports: AppPorts): void {
  // A role was picked: redraw the form for it (its durations, its targets), keeping what was typed.
  app.action(ROLE_ACTION, async ({ ack, body, action, client }) => {
    await ack();
    if (body.type !== 'block_actions' || !body.view) return;
    // The picked option comes with the action itself; the view's state may not hold it yet.
    const picked = action.type === 'static_select' ? action.selected_option?.value : undefined;
    const draft = { ...readModal(body.view.state.values as StateValues), ...(picked ? { role: picked } : {}) };
    await client.views
      .update({
        view_id: body.view.id,
        hash: body.view.hash,
        view: requestModal(ports.config, draft, channelOf(body.view.private_metadata, body.user.id)) as never,
      })
      .catch((error: unknown) => ports.logger.warn(`access: could not redraw the request form: ${String(error)}`));
  });

  app.view(ACCESS_MODAL, async ({ ack, body, view, client }) => {
    const draft = readModal(view.state.values as StateValues);
    const checked = checkDraft(ports.config, draft);
    if (!checked.ok) {
      await ack({ response_action: 'errors', errors: checked.errors as Record<string, string> });
      return;
    }
    const user = body.user.id;
    const identity = await databaseUserFor(client, ports.config.identity, user);
    if (!identity.ok) {
      await ports.store.appendAudit({
        actor: user,
        action: 'access.request.refused',
        target: checked.ask.target,
        input: { role: checked.ask.role },
        result: { reason: identity.why },
      });
      await ack({
        response_action: 'errors',
        errors: {
          role: `I don't know your database user (${identity.why}). An admin must add identity.map: { ${user}: <db user> } to chatops.yml.`.slice(
            0,
            1900,
          ),
        },
      });
      return;
    }
    const channel = channelOf(view.private_metadata, user);
    await enqueueOpen(ports, {
      ...checked.ask,
      requester: user,
      dbUser: identity.dbUser,
      replyTo: { channel, user },
      requestKey: `view:${view.id}:${view.hash}`,
    });
    await ack();
  });
}
