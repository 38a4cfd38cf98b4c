import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CATALOG_DIRECTORY, CatalogError, loadCatalog, parseCatalogEntry, systemCatalog } from '../../../src/redshift/catalog';

const ROOT = join(__dirname, '..', '..', '..');

function entryFiles(): string[] {
  return readdirSync(CATALOG_DIRECTORY).filter((file) => file.endsWith('.json'));
}

describe('the system catalog', () => {
  it('has only valid entry files, each named after its entry', () => {
    expect(entryFiles().length).toBeGreaterThan(0);
    for (const file of entryFiles()) {
      const json: unknown = JSON.parse(readFileSync(join(CATALOG_DIRECTORY, file), 'utf8'));
      expect(() => parseCatalogEntry(json, file.replace(/\.json$/, ''))).not.toThrow();
    }
    expect(loadCatalog().entries).toHaveLength(entryFiles().length);
  });

  it('cites an https docs.aws.amazon.com page for every entry', () => {
    for (const entry of systemCatalog().entries.filter((e) => e.kind !== 'api-parameter')) {
      expect(entry.page).toMatch(/^https:\/\/docs\.aws\.amazon\.com\/redshift\/latest\/(dg|mgmt)\/[A-Za-z0-9_.-]+\.html$/);
    }
    // API parameters cite their service's API reference (Redshift, the Data API, Redshift Serverless, STS, IAM).
    for (const entry of systemCatalog().entries.filter((e) => e.kind === 'api-parameter')) {
      expect(entry.page).toMatch(/^https:\/\/docs\.aws\.amazon\.com\/(redshift|redshift-data|redshift-serverless|STS|IAM)\/latest\/APIReference\/API_[A-Za-z]+\.html$/);
    }
  });

  it('records the Data API ClientToken with its operations and what the reference leaves open', () => {
    const token = systemCatalog().require('data_api_client_token');
    expect(token).toMatchObject({ kind: 'api-parameter', parameter: 'ClientToken', operations: ['ExecuteStatement', 'BatchExecuteStatement'] });
    expect(token.documented).toContain('A unique, case-sensitive identifier that you provide to ensure the idempotency of the request.');
    expect(token.unclear).toMatch(/how long a token is remembered/);
    expect(token.unclear).toMatch(/different SQL/);
  });

  it('refuses an api-parameter without its parameter, operations or wording, and those fields on other kinds', () => {
    const parameter = {
      name: 'x_token',
      kind: 'api-parameter',
      page: 'https://docs.aws.amazon.com/redshift-data/latest/APIReference/API_X.html',
      targets: ['serverless'],
      visibility: 'all',
      columns: [],
      parameter: 'XToken',
      operations: ['DoX'],
      documented: 'What the page says.',
    };
    expect(parseCatalogEntry(parameter, 'x_token').parameter).toBe('XToken');
    expect(() => parseCatalogEntry({ ...parameter, operations: undefined }, 'x_token')).toThrow(/needs operations/);
    expect(() => parseCatalogEntry({ ...parameter, parameter: 'not pascal' }, 'x_token')).toThrow(CatalogError);
    expect(() => parseCatalogEntry({ ...parameter, columns: [{ name: 'a', type: 'integer' }] }, 'x_token')).toThrow(/no columns/);
    const view = { name: 'x_view', kind: 'view', page: parameter.page, targets: ['serverless'], visibility: 'all', columns: [] };
    expect(() => parseCatalogEntry({ ...view, parameter: 'XToken' }, 'x_view')).toThrow(/parameter belongs to api-parameter/);
  });

  it('names, for every own-rows view, an owner column that is one of its columns', () => {
    for (const entry of systemCatalog().entries.filter((e) => e.kind === 'view' && e.visibility === 'own-rows')) {
      expect(entry.columns.map((c) => c.name)).toContain(entry.ownerColumn);
    }
  });

  it('keeps STL, STV, SVL and SVCS views to provisioned clusters', () => {
    for (const entry of systemCatalog().entries.filter((e) => /^(stl|stv|svl|svcs)_/.test(e.name))) {
      expect(entry.targets).toEqual(['provisioned']);
    }
  });

  it('refuses an entry that breaks the format, saying why', () => {
    const good = {
      name: 'x_view',
      kind: 'view',
      page: 'https://docs.aws.amazon.com/redshift/latest/dg/X.html',
      targets: ['serverless'],
      visibility: 'all',
      columns: [],
    };
    expect(parseCatalogEntry(good, 'x_view').name).toBe('x_view');
    expect(() => parseCatalogEntry(good, 'y_view')).toThrow(/named x_view/);
    expect(() => parseCatalogEntry({ ...good, visibility: 'own-rows' }, 'x_view')).toThrow(/ownerColumn/);
    expect(() =>
      parseCatalogEntry(
        { ...good, visibility: 'own-rows', ownerColumn: 'user_id', columns: [{ name: 'userid', type: 'integer' }] },
        'x_view',
      ),
    ).toThrow(/user_id is not one of the columns/);
    expect(() => parseCatalogEntry({ ...good, page: 'http://example.com/x' }, 'x_view')).toThrow(CatalogError);
    expect(() => parseCatalogEntry({ ...good, colour: 'red' }, 'x_view')).toThrow(CatalogError);
    expect(() => parseCatalogEntry({ ...good, targets: [] }, 'x_view')).toThrow(CatalogError);
  });

  it('answers by name in any case, and lists columns', () => {
    const catalog = systemCatalog();
    expect(catalog.entry('SYS_QUERY_HISTORY')?.visibility).toBe('own-rows');
    expect(catalog.column('stv_ml_model_info', 'train_cells')).toBeUndefined();
    expect(catalog.columns('stv_ml_model_info').map((c) => c.name)).toEqual(
      expect.arrayContaining(['schema_name', 'user_name', 'model_name', 'life_cycle', 'is_refreshable', 'model_state']),
    );
    expect(() => catalog.require('stv_no_such_view')).toThrow(CatalogError);
  });
});

/**
 * The bot may only name system views, catalog tables and functions the catalog documents:
 * every such identifier in the bot's code (not the sandbox's) must have an entry. Columns are
 * checked at run time: the sandbox's views have only the documented ones.
 */
describe('what the bot reads', () => {
  const SYSTEM_NAME = /\b(svv|sys|stv|stl|svl|svcs|pg)_[a-z_]+\b/gi;

  function sourceFiles(directory: string): string[] {
    return readdirSync(directory).flatMap((name) => {
      const path = join(directory, name);
      if (statSync(path).isDirectory()) return relative(ROOT, path) === join('src', 'sandbox') ? [] : sourceFiles(path);
      return path.endsWith('.ts') ? [path] : [];
    });
  }

  it('names no system view, catalog table or function without a catalog entry', () => {
    const catalog = systemCatalog();
    const missing: string[] = [];
    for (const file of sourceFiles(join(ROOT, 'src'))) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(SYSTEM_NAME)) {
        const name = match[0].toLowerCase();
        if (!catalog.has(name)) missing.push(`${relative(ROOT, file)}: ${name}`);
      }
    }
    expect([...new Set(missing)]).toEqual([]);
  });
});
