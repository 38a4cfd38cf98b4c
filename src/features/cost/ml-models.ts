import type { Target } from '../../config/targets';
import type { SystemAccess } from '../../redshift/visibility';
import { failureText } from '../shared/failure';
import { showModelFacts } from './ml-rows';
import * as queries from './queries';
import { num, str, timeOf } from './rows';
import { rows, type UsageReader } from './usage';
import type { Blind } from './visibility';

/**
 * The warehouse's ML models and what SHOW MODEL says each cost to train (I/O). One statement lists
 * them (SVV_ML_MODEL_INFO, capped at MAX_MODELS), one SHOW MODEL per listed model, and one more for
 * when queries last called their prediction functions: at most MAX_MODELS + 2 statements.
 */

/** SHOW MODEL statements in flight at once. */
const SHOW_MODEL_CONCURRENCY = 3;

export interface ModelInfo {
  schema: string;
  name: string;
  state: string;
  owner: string;
  /** SHOW MODEL's Estimated Cost, when it could be read. */
  estimatedUsd?: number;
  /** Why the estimated cost is missing. */
  costMissing?: string;
  created?: string;
  functionName?: string;
  /** When a query last called its prediction function; undefined = never (only when `usageKnown`). */
  lastUsed?: number;
  /** Whether the bot can tell if the model is used (it sees everyone's queries and knows the function). */
  usageKnown: boolean;
}

export interface ModelsRead {
  models: ModelInfo[];
  /** How many models the identity can see in all (more than listed when capped). */
  total: number;
}

async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

async function describe(reader: UsageReader, target: Target, model: ModelInfo, access: SystemAccess): Promise<ModelInfo> {
  try {
    const facts = showModelFacts(await rows(reader, target, queries.showModel(model.schema, model.name)));
    const described: ModelInfo = {
      ...model,
      ...(facts.created ? { created: facts.created } : {}),
      ...(facts.functionName ? { functionName: facts.functionName } : {}),
    };
    if (facts.estimatedCost !== undefined) return { ...described, estimatedUsd: facts.estimatedCost };
    const missing =
      access.user !== '' && access.user !== model.owner
        ? `SHOW MODEL shows the estimated cost only to the model's owner (${model.owner})`
        : 'SHOW MODEL gave no estimated cost (a BYOM model, or training has not finished)';
    return { ...described, costMissing: missing };
  } catch (error) {
    return { ...model, costMissing: `SHOW MODEL failed: ${failureText(error)}` };
  }
}

export async function readModels(reader: UsageReader, target: Target, access: SystemAccess, blind: Blind): Promise<ModelsRead> {
  const listed = await rows(reader, target, queries.mlModels());
  const total = listed.length > 0 ? num(listed[0].total) : 0;
  const models = await mapLimit(
    listed.map((row): ModelInfo => ({
      schema: str(row.schema_name),
      name: str(row.model_name),
      state: str(row.model_state),
      owner: str(row.user_name),
      usageKnown: false,
    })),
    SHOW_MODEL_CONCURRENCY,
    (model) => describe(reader, target, model, access),
  );
  // Someone else's queries are invisible to a regular user: then nobody can say a model is unused.
  const functions = [...new Set(models.flatMap((model) => (model.functionName ? [model.functionName] : [])))];
  const lastUsed = blind.history === undefined ? queries.functionsLastUsed(functions) : undefined;
  if (!lastUsed) return { models, total };
  const used = new Map((await rows(reader, target, lastUsed)).map((row) => [str(row.name), timeOf(row.last_used)]));
  return {
    total,
    models: models.map((model) =>
      model.functionName && used.has(model.functionName) ? { ...model, usageKnown: true, lastUsed: used.get(model.functionName) } : model,
    ),
  };
}
