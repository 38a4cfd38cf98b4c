import { cannotSeeText, seesAllRows, type SystemAccess, type ViewVisibility } from '../../redshift/visibility';

/**
 * Which cost figures the bot's database identity can read in full (pure). Each figure comes from one
 * system view; a regular user sees only its own rows of some and nothing of others, and a figure
 * built from part of the rows would read as "$0" or "idle" when it is only hidden. Such a figure is
 * not counted, and the report says why.
 */

/** The views the cost feature reads, with the visibility sentence of each page (dg/<PAGE>.html). */
export const COST_VIEWS = {
  /** r_SVL_S3QUERY_SUMMARY: visible to all users; regular users see their own rows. */
  svl_s3query_summary: 'own-rows',
  /** SYS_SERVERLESS_USAGE: visible only to superusers. */
  sys_serverless_usage: 'superuser',
  /** SYS_QUERY_HISTORY: visible to all users; regular users see their own rows. */
  sys_query_history: 'own-rows',
  /** r_SVV_TABLE_INFO: visible only to superusers. */
  svv_table_info: 'superuser',
  /** r_SVV_ML_MODEL_INFO: visible to all users; regular users see their own rows. */
  svv_ml_model_info: 'own-rows',
} as const satisfies Record<string, ViewVisibility>;

export type CostView = keyof typeof COST_VIEWS;

/** Why a figure is hidden from the identity, per figure; absent = the identity sees all of it. */
export interface Blind {
  /** Spectrum bytes (provisioned). */
  spectrum?: string;
  /** RPU-seconds (Serverless). */
  serverless?: string;
  /** What the warehouse stores (managed storage). */
  storage?: string;
  /** Other users' queries: top users by RPU time, idle detection, models last used. */
  history?: string;
  /** Other owners' ML models. */
  models?: string;
}

function hidden(access: SystemAccess, view: CostView): string | undefined {
  const visibility = COST_VIEWS[view];
  return seesAllRows(access, visibility) ? undefined : cannotSeeText(access, view, visibility);
}

export function blindSpots(access: SystemAccess, kind: 'provisioned' | 'serverless'): Blind {
  const blind: Blind = {};
  const set = (key: keyof Blind, reason: string | undefined) => {
    if (reason !== undefined) blind[key] = reason;
  };
  if (kind === 'provisioned') {
    set('spectrum', hidden(access, 'svl_s3query_summary'));
    set('storage', hidden(access, 'svv_table_info'));
  } else {
    set('serverless', hidden(access, 'sys_serverless_usage'));
    set('storage', hidden(access, 'sys_serverless_usage'));
  }
  set('history', hidden(access, 'sys_query_history'));
  set('models', hidden(access, 'svv_ml_model_info'));
  return blind;
}
