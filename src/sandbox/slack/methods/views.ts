import { viewProblems } from '../block-limits';
import { isJsonObject, stringField, type JsonObject } from '../json';
import { fail, type MethodContext, type MethodHandler } from './context';

type ViewArg = { ok: true; view: JsonObject } | { ok: false; answer: JsonObject };

function readView(args: JsonObject): ViewArg {
  if (!isJsonObject(args.view)) return { ok: false, answer: fail('invalid_arguments', ['view is required']) };
  const problems = viewProblems(args.view);
  if (problems.length > 0) return { ok: false, answer: fail('invalid_arguments', problems) };
  return { ok: true, view: args.view };
}

/** A trigger id is single-use, as in Slack: a retried interaction cannot open a second modal. */
function checkTrigger({ views }: MethodContext, args: JsonObject): JsonObject | undefined {
  const triggerId = stringField(args, 'trigger_id');
  if (triggerId === undefined || triggerId === '') return fail('invalid_arguments', ['trigger_id is required']);
  if (!views.exchangeTrigger(triggerId)) return fail('exchanged_trigger_id');
  return undefined;
}

const open: MethodHandler = (context, args) => {
  const view = readView(args);
  if (!view.ok) return view.answer;
  const externalId = view.view.external_id;
  if (typeof externalId === 'string' && externalId !== '' && context.views.findByExternalId(externalId)) {
    return fail('duplicate_external_id');
  }
  const triggerError = checkTrigger(context, args);
  if (triggerError !== undefined) return triggerError;
  return { ok: true, view: context.views.create(view.view, {}) };
};

const push: MethodHandler = (context, args) => {
  const view = readView(args);
  if (!view.ok) return view.answer;
  const triggerError = checkTrigger(context, args);
  if (triggerError !== undefined) return triggerError;
  // The stand-in does not track which modal a trigger came from; it stacks on the latest view.
  const below = context.views.latest();
  const belowId = typeof below?.id === 'string' ? below.id : undefined;
  const rootId = typeof below?.root_view_id === 'string' ? below.root_view_id : belowId;
  return { ok: true, view: context.views.create(view.view, { rootViewId: rootId, previousViewId: belowId }) };
};

const update: MethodHandler = ({ views }, args) => {
  const viewId = stringField(args, 'view_id');
  const externalId = stringField(args, 'external_id');
  if (!viewId && !externalId) return fail('invalid_arguments', ['view_id or external_id is required']);
  const existing = viewId ? views.get(viewId) : views.findByExternalId(externalId ?? '');
  if (existing === undefined || typeof existing.id !== 'string') return fail('not_found');
  const hash = stringField(args, 'hash');
  if (hash !== undefined && hash !== '' && hash !== existing.hash) return fail('hash_conflict');
  const view = readView(args);
  if (!view.ok) return view.answer;
  // An update by external_id keeps the external_id even when the new view omits it.
  const content = { external_id: existing.external_id ?? '', ...view.view };
  const replaced = views.replace(existing.id, content);
  return replaced === undefined ? fail('not_found') : { ok: true, view: replaced };
};

export const viewMethods: Readonly<Record<string, MethodHandler>> = {
  'views.open': open,
  'views.push': push,
  'views.update': update,
};
