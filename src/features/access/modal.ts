import type { App, types } from '@slack/bolt';
import type { ChatopsConfig } from '../../config/chatops';
import { REASON_MAX_CHARS } from '../../commands/args';
import { hiddenInText } from '../../commands/text';
import { formatDuration } from '../../config/duration';
import type { AppPorts } from '../types';
import { durationChoices, offeredDurationProblem, typedChoice } from './durations';
import { identityFromConfig } from './identity';
import { checkDraft, roleNamed, type AccessDraft } from './request';
import { enqueueOpen } from './submit';
import { fieldErrors, modalView } from '../shared/modal';
import { failFastClient } from '../../slack/fail-fast';
import { bestEffort } from '../../slack/best-effort';

/** The request form: role (limited to chatops.yml), target when the role has several, duration within the role's maximum, reason. */
export const ACCESS_MODAL = 'access_request';
/** The role picker dispatches on change, so the form can show that role's durations and targets. */
export const ROLE_ACTION = 'access_role';
const VALUE = 'value';

interface ModalMetadata {
  channelId: string;
  /** The duration typed in the command, offered as a choice besides the usual ones. */
  typedMs?: number;
}

type Option = types.PlainTextOption;
const option = (text: string, value: string): Option => ({ text: { type: 'plain_text', text: text.slice(0, 75) }, value });

/** The form as Slack takes it; its metadata is always set (the channel to answer in). */
export type RequestView = types.ModalView & { private_metadata: string };

export function requestModal(
  config: ChatopsConfig,
  draft: AccessDraft,
  channelId: string,
  typedMs: number | undefined = draft.durationMs,
): RequestView {
  const roles = config.access.roles;
  const role = roleNamed(config, draft.role);
  const roleOptions = Object.entries(roles).map(([name, rules]) =>
    option(rules.description ? `${name} — ${rules.description}` : name, name),
  );
  const blocks: types.KnownBlock[] = [
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
  // Only the duration typed in the command may join the usual choices: it is all a submission is checked against.
  const typed = typedChoice(max, typedMs);
  if (typed !== undefined && !choices.includes(typed)) {
    choices.push(typed);
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
  const metadata: ModalMetadata = { channelId, ...(typed !== undefined ? { typedMs: typed } : typedMs !== undefined ? { typedMs } : {}) };
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

/** The form's metadata as Slack sent it back: each field is checked where it is used. */
function parseMetadata(privateMetadata: string): { channelId?: unknown; typedMs?: unknown } {
  try {
    const parsed: unknown = JSON.parse(privateMetadata || '{}');
    if (typeof parsed !== 'object' || parsed === null) return {};
    return { channelId: 'channelId' in parsed ? parsed.channelId : undefined, typedMs: 'typedMs' in parsed ? parsed.typedMs : undefined };
  } catch {
    return {};
  }
}

function channelOf(privateMetadata: string, fallback: string): string {
  const { channelId } = parseMetadata(privateMetadata);
  return typeof channelId === 'string' && /^[CDG][A-Z0-9]+$/.test(channelId) ? channelId : fallback;
}

function typedOf(privateMetadata: string): number | undefined {
  const { typedMs } = parseMetadata(privateMetadata);
  return typeof typedMs === 'number' ? typedMs : undefined;
}

/**
 * The submitted duration must be exactly one of the options this form offered for the chosen role
 * (a forged option value such as `1000` or `0` is refused), on top of checkDraft's policy rules.
 */
export function checkOffered(config: ChatopsConfig, values: StateValues, privateMetadata: string): Partial<Record<'duration', string>> {
  const roleName = values.role?.[ROLE_ACTION]?.selected_option?.value ?? undefined;
  const role = roleNamed(config, roleName);
  if (!role || roleName === undefined) return {};
  const problem = offeredDurationProblem(
    roleName,
    role,
    values.duration?.[VALUE]?.selected_option?.value ?? undefined,
    typedOf(privateMetadata),
  );
  return problem ? { duration: problem } : {};
}

export function registerRequestModal(app: App, ports: AppPorts): void {
  // A role was picked: redraw the form for it (its durations, its targets), keeping what was typed.
  app.action(ROLE_ACTION, async ({ ack, body, action, client }) => {
    await ack();
    if (body.type !== 'block_actions' || !body.view) return;
    // The picked option comes with the action itself; the view's state may not hold it yet.
    const picked = action.type === 'static_select' ? action.selected_option?.value : undefined;
    const draft = { ...readModal(body.view.state.values), ...(picked ? { role: picked } : {}) };
    // Through the fail-fast client: on Lambda the click's answer leaves only when this listener ends.
    const shown = body.view;
    const view = requestModal(ports.config, draft, channelOf(shown.private_metadata, body.user.id), typedOf(shown.private_metadata));
    await bestEffort(
      'views.update of the request form for the picked role',
      () => failFastClient(client).views.update({ view_id: shown.id, hash: shown.hash, view }),
      (message) => ports.logger.warn(`access: ${message}`),
    );
  });

  // Decided from the form and chatops.yml alone, so the ack never waits on Slack; a users.info lookup
  // (e-mail mapping) runs in the access.open job, which tells the person by ephemeral message.
  app.view(ACCESS_MODAL, async ({ ack, body, view }) => {
    const draft = readModal(view.state.values);
    const checked = checkDraft(ports.config, draft);
    const forged: Partial<Record<'duration' | 'reason', string>> = checkOffered(ports.config, view.state.values, view.private_metadata);
    // The same rule as a typed reason: text-direction controls would make approvers read something else.
    const hidden = hiddenInText(draft.reason ?? '');
    if (hidden) forged.reason = `The reason ${hidden}.`;
    if (!checked.ok || forged.duration || forged.reason) {
      // The policy's own words win when both speak about the duration (they say what is allowed).
      const errors = { ...forged, ...(checked.ok ? {} : checked.errors) };
      await ack({ response_action: 'errors', errors: fieldErrors(errors) });
      return;
    }
    const user = body.user.id;
    const identity = identityFromConfig(ports.config.identity, user);
    if ('ok' in identity && !identity.ok) {
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
      ...('ok' in identity ? { dbUser: identity.dbUser } : {}),
      replyTo: { channel, user },
      requestKey: `view:${view.id}:${view.hash}`,
    });
    await ack();
  });
}
