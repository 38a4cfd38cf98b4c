import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
// zod/mini, as the bot's own code: the doctor reads the catalog in the Lambda worker, and the full
// API would pull zod's whole core into the shared chunk every cold start loads.
import * as z from 'zod/mini';

/**
 * The system views, catalog tables, functions and commands the bot uses, and the Data API request
 * parameters it relies on, as the Amazon Redshift documentation describes them: one JSON file per
 * name in ./entries. The sandbox builds its
 * system views from these entries, so a column or view the documentation lacks fails there as on
 * Redshift. Read from disk at first use: nothing on the bot's request path needs it.
 */

const identifier = z.string().check(z.regex(/^[a-z_][a-z0-9_]*$/, 'a lower-case SQL identifier'));
const nonEmpty = () => z.string().check(z.minLength(1));

const columnSchema = z.strictObject({
  name: identifier,
  /** The type as the page writes it (char(50), integer, timestamp, ...). */
  type: nonEmpty(),
  /** The values the page lists for the column, when it lists them. */
  values: z.optional(z.array(z.string()).check(z.minLength(1))),
});

const entrySchema = z
  .strictObject({
    name: identifier,
    kind: z.enum(['view', 'catalog-table', 'function', 'command', 'api-parameter']),
    page: z.string().check(z.regex(/^https:\/\/docs\.aws\.amazon\.com\/[^\s]+$/, 'an https://docs.aws.amazon.com/ page')),
    /** api-parameter only: the parameter as the API reference spells it (ClientToken; Serverless's namespaceName). */
    parameter: z.optional(z.string().check(z.regex(/^[A-Za-z][A-Za-z0-9]*$/, 'an API parameter name'))),
    /** api-parameter only: the operations that take it, as the API reference names them. */
    operations: z.optional(z.array(z.string().check(z.regex(/^[A-Z][A-Za-z0-9]*$/, 'an API operation name'))).check(z.minLength(1))),
    /** api-parameter only: what the reference says of it, in its own words where they matter. */
    documented: z.optional(nonEmpty()),
    /** Where it exists: STL, STV, SVL and SVCS views only on provisioned clusters. */
    targets: z.array(z.enum(['provisioned', 'serverless'])).check(z.minLength(1)),
    /** Who sees which rows, as the page's visibility sentence says. */
    visibility: z.enum(['all', 'own-rows', 'superuser']),
    /** own-rows only: the column saying whose row it is (a user id or a user name). */
    ownerColumn: z.optional(identifier),
    columns: z.array(columnSchema),
    /** Functions and commands: their arguments, as the page writes them. */
    arguments: z.optional(z.array(nonEmpty())),
    /** What the page leaves open, and how the code copes with it. */
    unclear: z.optional(nonEmpty()),
  })
  .check(
    z.superRefine((entry, context) => {
      const names = entry.columns.map((column) => column.name);
      const duplicate = names.find((name, i) => names.indexOf(name) !== i);
      if (duplicate) context.addIssue({ code: 'custom', message: `column ${duplicate} is listed twice`, path: ['columns'] });
      if (entry.visibility === 'own-rows' && entry.kind === 'view' && !entry.ownerColumn) {
        context.addIssue({ code: 'custom', message: 'an own-rows view needs an ownerColumn', path: ['ownerColumn'] });
      }
      if (entry.ownerColumn !== undefined) {
        if (entry.visibility !== 'own-rows') {
          context.addIssue({ code: 'custom', message: 'ownerColumn belongs to own-rows entries only', path: ['ownerColumn'] });
        } else if (!names.includes(entry.ownerColumn)) {
          context.addIssue({
            code: 'custom',
            message: `ownerColumn ${entry.ownerColumn} is not one of the columns`,
            path: ['ownerColumn'],
          });
        }
      }
      if (entry.arguments !== undefined && entry.kind !== 'function' && entry.kind !== 'command') {
        context.addIssue({ code: 'custom', message: 'arguments belong to functions and commands', path: ['arguments'] });
      }
      const api = entry.kind === 'api-parameter';
      for (const field of ['parameter', 'operations', 'documented'] as const) {
        if (api && entry[field] === undefined)
          context.addIssue({ code: 'custom', message: `an api-parameter needs ${field}`, path: [field] });
        if (!api && entry[field] !== undefined)
          context.addIssue({ code: 'custom', message: `${field} belongs to api-parameter entries only`, path: [field] });
      }
      if (api && entry.columns.length > 0)
        context.addIssue({ code: 'custom', message: 'an api-parameter has no columns', path: ['columns'] });
    }),
  );

export type CatalogEntry = z.infer<typeof entrySchema>;
export type CatalogColumn = CatalogEntry['columns'][number];
export type CatalogTarget = CatalogEntry['targets'][number];
export type CatalogKind = CatalogEntry['kind'];

export class CatalogError extends Error {
  override readonly name = 'CatalogError';
}

/** One entry file's content, checked; `file` (its base name without .json) must be the entry's name. */
export function parseCatalogEntry(json: unknown, file: string): CatalogEntry {
  const parsed = z.safeParse(entrySchema, json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(entry)'}: ${issue.message}`);
    throw new CatalogError(`catalog entry ${file}.json is invalid: ${problems.join('; ')}`);
  }
  if (parsed.data.name !== file) {
    throw new CatalogError(`catalog entry ${file}.json is named ${parsed.data.name}; the file must carry the entry's name`);
  }
  return parsed.data;
}

export class SystemCatalog {
  private readonly byName: ReadonlyMap<string, CatalogEntry>;

  constructor(readonly entries: readonly CatalogEntry[]) {
    this.byName = new Map(entries.map((entry) => [entry.name, entry]));
  }

  /** The entry for a name, in any case (Redshift folds unquoted names to lower case). */
  entry(name: string): CatalogEntry | undefined {
    return this.byName.get(name.toLowerCase());
  }

  /** The entry, or a CatalogError: for code that must only use what is documented. */
  require(name: string): CatalogEntry {
    const found = this.entry(name);
    if (!found) throw new CatalogError(`${name} is not in the system catalog`);
    return found;
  }

  has(name: string): boolean {
    return this.byName.has(name.toLowerCase());
  }

  columns(name: string): readonly CatalogColumn[] {
    return this.require(name).columns;
  }

  column(view: string, column: string): CatalogColumn | undefined {
    return this.entry(view)?.columns.find((c) => c.name === column.toLowerCase());
  }

  /** The entries of a kind that exist on a target kind. */
  ofKind(kind: CatalogKind, target: CatalogTarget): CatalogEntry[] {
    return this.entries.filter((entry) => entry.kind === kind && entry.targets.includes(target));
  }
}

export const CATALOG_DIRECTORY = join(__dirname, 'entries');

/** Reads and checks every entry file in `directory`. */
export function loadCatalog(directory: string = CATALOG_DIRECTORY): SystemCatalog {
  const files = readdirSync(directory)
    .filter((file) => file.endsWith('.json'))
    .sort();
  const entries = files.map((file) => {
    const base = file.slice(0, -'.json'.length);
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(join(directory, file), 'utf8'));
    } catch (error) {
      throw new CatalogError(`catalog entry ${file} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
    }
    return parseCatalogEntry(json, base);
  });
  return new SystemCatalog(entries);
}

let loaded: SystemCatalog | undefined;

/** The repository's catalog, read once. */
export function systemCatalog(): SystemCatalog {
  loaded ??= loadCatalog();
  return loaded;
}
