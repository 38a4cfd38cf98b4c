import { COMPONENT_LABELS, nodePriced, type Missing, type Prices, type WarehouseFacts } from './costs';
import { billsManagedStorage } from './model';

/**
 * What a cost figure counts and what it leaves out (pure), from the docs: while a cluster is paused
 * on-demand billing stops and only its storage is charged (mgmt/rs-mgmt-pause-resume-cluster), and
 * RA3 managed storage bills by the GB-month whether it runs or not; Serverless bills RPU-seconds and
 * managed storage apart, data transfer and ML separately (mgmt/serverless-billing); DC2 storage is
 * in the node price; CREATE MODEL training is a SageMaker charge (dg/cost.html). No docs page states
 * the prices, so they are chatops.yml's and every dollar figure is an estimate.
 */

/** Whether nothing of what the target bills could be counted (a Serverless workgroup whose usage is hidden). */
export function countedNothing(facts: WarehouseFacts): boolean {
  return facts.kind === 'serverless' && facts.missing.serverless !== undefined && facts.missing.storage !== undefined;
}

/** The one line every report carries. */
export function coverageLine(kind: WarehouseFacts['kind']): string {
  return kind === 'provisioned'
    ? 'Estimated from chatops.yml prices: node-hours while running, RA3 managed storage running or paused (SVV_TABLE_INFO sizes), Spectrum per query. Not counted: data transfer, concurrency scaling, backup storage beyond the free snapshots, reserved-node discounts; ML training is billed by SageMaker.'
    : 'Estimated from chatops.yml prices: RPU-hours (SYS_SERVERLESS_USAGE charged_seconds; Spectrum scans are RPU time here) and managed storage (its data_storage). Not counted: data transfer, snapshot storage, reservations and the free trial; ML training is billed by SageMaker.';
}

/**
 * One note per figure not counted, and why (hidden from the identity, a failed read, a missing price
 * or size). `components: false` leaves out the hidden or failed ones, for messages whose component
 * lines say it already.
 */
export function missingNotes(facts: WarehouseFacts, prices: Prices, components = true): string[] {
  const entries = components ? Object.entries(facts.missing) : [];
  const notes = entries.flatMap(([part, reason]) => (isComponent(part) ? [`${COMPONENT_LABELS[part]} not counted — ${reason}.`] : []));
  if (!nodePriced(facts, prices))
    notes.push(
      `Node type ${facts.nodeType ?? 'unknown'} has no price in chatops.yml (cost.prices.nodeHour), so node-hours are not counted.`,
    );
  if (facts.kind === 'provisioned' && facts.missing.storage === undefined) {
    if (!billsManagedStorage(facts.nodeType)) {
      notes.push(`${facts.nodeType ?? 'This node type'} keeps its data on local storage that the node price includes.`);
    } else if (facts.storageMb === undefined) {
      notes.push(
        `${COMPONENT_LABELS.storage} not counted — what the cluster stores has not been read yet (it answers no SQL while paused).`,
      );
    }
  }
  return notes;
}

/** Missing's keys are cost components; Object.entries gives them as plain strings. */
function isComponent(key: string): key is keyof Missing {
  return Object.prototype.hasOwnProperty.call(COMPONENT_LABELS, key);
}
