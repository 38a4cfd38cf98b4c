import { SqlError } from './errors';
import { isWord, type Token } from './lexer';
import type { MaintenanceContext } from './table-maintenance';

/**
 * SHOW MODEL model_name (dg/r_SHOW_MODEL.html): one Key/Value row per fact about an ML model, read
 * from the backing table behind STV_ML_MODEL_INFO (whose SHOW MODEL-only columns no view shows).
 * As the page says, the estimated cost, IAM role, S3 bucket and KMS key are shown only to the
 * model's owner. The page does not word its errors or name who else may run it: here the owner and
 * superusers may, anyone else is refused (the emulator keeps no EXECUTE grants on models), and an
 * unknown model fails as Postgres words a missing object. SHOW MODEL ALL is not served.
 */
export interface ShowModelTranslation {
  kind: 'show-model';
  schema?: string;
  model: string;
}

const fold = (token: Token) => (token.kind === 'identifier' ? token.text.slice(1, -1).replace(/""/g, '"') : token.text.toLowerCase());
const isName = (token: Token | undefined) => token !== undefined && (token.kind === 'word' || token.kind === 'identifier');

/** `SHOW MODEL name` or `SHOW MODEL schema.name` (code tokens only); anything else is left to Postgres. */
export function parseShowModel(code: readonly Token[]): ShowModelTranslation | undefined {
  if (!isWord(code[0], 'SHOW') || !isWord(code[1], 'MODEL') || !isName(code[2]) || isWord(code[2], 'ALL')) return undefined;
  if (code.length === 3) return { kind: 'show-model', model: fold(code[2]) };
  if (code.length === 5 && code[3].text === '.' && isName(code[4]))
    return { kind: 'show-model', schema: fold(code[2]), model: fold(code[4]) };
  return undefined;
}

export interface ShowModelContext extends Pick<MaintenanceContext, 'db' | 'user' | 'database' | 'asAdmin'> {
  superuser: boolean;
}

interface ModelRow {
  schema_name: string;
  user_name: string;
  model_name: string;
  model_state: string;
  created: string | null;
  estimated_cost: string | null;
  training_table: string | null;
  training_query: string | null;
  target_column: string | null;
  model_type: string | null;
  problem_type: string | null;
  objective: string | null;
  function_name: string | null;
  function_parameters: string | null;
  function_parameter_types: string | null;
  iam_role: string | null;
  s3_bucket: string | null;
  max_runtime: number | null;
}

/** SHOW MODEL words the state as READY, TRAINING or FAILED where the views say "Model is Ready". */
function shownState(state: string): string {
  if (/ready/i.test(state)) return 'READY';
  if (/fail/i.test(state)) return 'FAILED';
  if (/progress|train/i.test(state)) return 'TRAINING';
  return state;
}

function keyValues(row: ModelRow, owner: boolean): Array<[string, string]> {
  const rows: Array<[string, string | null | undefined]> = [
    ['Model Name', row.model_name],
    ['Schema Name', row.schema_name],
    ['Owner', row.user_name],
    ['Creation Time', row.created],
    ['Model State', shownState(row.model_state)],
    ...(owner && row.estimated_cost !== null ? [['Estimated Cost', row.estimated_cost] as [string, string]] : []),
    ['', ''],
    ['TRAINING DATA:', ''],
    row.training_table !== null ? ['Table', row.training_table] : ['Query', row.training_query],
    ['Target Column', row.target_column],
    ['', ''],
    ['PARAMETERS:', ''],
    ['Model Type', row.model_type],
    ['Problem Type', row.problem_type],
    ['Objective', row.objective],
    ['Function Name', row.function_name],
    ['Function Parameters', row.function_parameters],
    ['Function Parameter Types', row.function_parameter_types],
    ...(owner ? [['IAM Role', row.iam_role] as [string, string | null], ['S3 Bucket', row.s3_bucket] as [string, string | null]] : []),
    ['Max Runtime', row.max_runtime === null ? null : String(row.max_runtime)],
  ];
  return rows.filter((entry): entry is [string, string] => entry[1] !== null && entry[1] !== undefined);
}

export interface ShowModelOutcome {
  columns: Array<{ name: string; typeId: number; typeName: string }>;
  rows: unknown[][];
}

const VARCHAR = 1043;

export async function showModel(context: ShowModelContext, show: ShowModelTranslation): Promise<ShowModelOutcome> {
  // An unqualified name is looked up as tables are: the user's own schema, then public.
  const schemas = show.schema !== undefined ? [show.schema] : [context.user, 'public'];
  const found = await context.asAdmin(() =>
    context.db.query<ModelRow>(
      `SELECT schema_name, user_name, model_name, model_state, to_char(created_at, 'Dy, DD.MM.YYYY HH24:MI:SS') AS created,
              CAST(estimated_cost AS text) AS estimated_cost, training_table, training_query, target_column, model_type, problem_type,
              objective, function_name, function_parameters, function_parameter_types, iam_role, s3_bucket, max_runtime
       FROM redshift_internal.stv_ml_model_info
       WHERE model_name = $1 AND schema_name = ANY($2::text[]) AND (database_name IS NULL OR database_name = $3)
       ORDER BY array_position($2::text[], schema_name) LIMIT 1`,
      [show.model, schemas, context.database],
    ),
  );
  const row = found.rows[0];
  const shown = show.schema !== undefined ? `${show.schema}.${show.model}` : show.model;
  if (!row) throw new SqlError(`ERROR: model "${shown}" does not exist`, '42704');
  const owner = row.user_name === context.user;
  if (!owner && !context.superuser) throw new SqlError(`ERROR: permission denied for model ${shown}`, '42501');
  return {
    columns: [
      { name: 'key', typeId: VARCHAR, typeName: 'varchar' },
      { name: 'value', typeId: VARCHAR, typeName: 'varchar' },
    ],
    rows: keyValues(row, owner),
  };
}
