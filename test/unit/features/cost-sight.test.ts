import { parseChatopsConfig } from '../../../src/config/chatops';
import { budgetAlert } from '../../../src/features/cost/alert-text';
import { dailyCosts, type WarehouseFacts } from '../../../src/features/cost/costs';
import { coverageLine, missingNotes } from '../../../src/features/cost/coverage';
import { digestMessage } from '../../../src/features/cost/digest';
import { showModelFacts } from '../../../src/features/cost/ml-rows';
import { functionsLastUsed, MAX_MODELS, mlModels, serverlessDaily, showModel } from '../../../src/features/cost/queries';
import { buildReport, modelCosts, UNUSED_MODEL_DAYS } from '../../../src/features/cost/report';
import { componentLines, modelLines, reportBlocks } from '../../../src/features/cost/report-text';
import { blindSpots, COST_VIEWS, type CostView } from '../../../src/features/cost/visibility';
import { systemCatalog } from '../../../src/redshift/catalog';
import { minimalConfigYaml } from '../../support/config';

const prices = parseChatopsConfig(minimalConfigYaml).cost.prices;
const at = (iso: string) => Date.parse(iso);
const D = 86_400_000;
const superuser = { user: 'chatops_admin', superuser: true, syslogUnrestricted: false };
const regular = { user: 'chatops_bot', superuser: false, syslogUnrestricted: false };
const unrestricted = { ...regular, syslogUnrestricted: true };

describe('what the cost figures rest on (pure)', () => {
  test('a superuser sees every figure; a regular user none of the ones built from other users rows', () => {
    expect(blindSpots(superuser, 'provisioned')).toEqual({});
    expect(blindSpots(superuser, 'serverless')).toEqual({});
    const cluster = blindSpots(regular, 'provisioned');
    expect(Object.keys(cluster).sort()).toEqual(['history', 'models', 'spectrum', 'storage']);
    expect(cluster.spectrum).toBe(
      "cannot see: the bot's database user chatops_bot is not a superuser, so SVL_S3QUERY_SUMMARY shows it only its own rows (see docs/PERMISSIONS.md)",
    );
    expect(cluster.storage).toContain('SVV_TABLE_INFO shows it nothing');
    const workgroup = blindSpots(regular, 'serverless');
    expect(Object.keys(workgroup).sort()).toEqual(['history', 'models', 'serverless', 'storage']);
    expect(workgroup.serverless).toContain('SYS_SERVERLESS_USAGE shows it nothing');
    // SYSLOG ACCESS UNRESTRICTED opens the own-rows views, not the superuser-only ones.
    expect(blindSpots(unrestricted, 'provisioned')).toEqual({ storage: cluster.storage });
    expect(Object.keys(blindSpots(unrestricted, 'serverless')).sort()).toEqual(['serverless', 'storage']);
  });

  test("the views and columns the cost figures read are the documented ones, with the catalog's visibility", () => {
    const catalog = systemCatalog();
    const read: Record<CostView, string[]> = {
      svl_s3query_summary: ['query', 'userid', 'starttime', 's3_scanned_bytes', 'external_table_name', 'aborted'],
      sys_serverless_usage: ['start_time', 'charged_seconds', 'data_storage'],
      sys_query_history: ['user_id', 'query_id', 'start_time', 'execution_time', 'query_text'],
      svv_table_info: ['size'],
      svv_ml_model_info: ['schema_name', 'model_name', 'model_state', 'user_name'],
    };
    for (const [view, visibility] of Object.entries(COST_VIEWS) as Array<[CostView, string]>) {
      expect([view, catalog.require(view).visibility]).toEqual([view, visibility]);
      for (const column of read[view]) expect([view, column, catalog.column(view, column) !== undefined]).toEqual([view, column, true]);
    }
    expect(catalog.require('show_model').columns.map((c) => c.name)).toEqual(['key', 'value']);
    expect(catalog.require('svv_ml_model_info').targets).toEqual(['provisioned', 'serverless']);
  });

  test('a figure not counted is $0 in the sums and says why in the lines, never "$0"', () => {
    const facts: WarehouseFacts = {
      kind: 'provisioned',
      nodeType: 'ra3.xlplus',
      nodes: 2,
      changes: [],
      pausedNow: false,
      storageMb: 730_000,
      missing: { spectrum: 'cannot see: X', storage: 'cannot see: Y' },
    };
    const usage = [{ day: '2026-11-24', spectrumQueries: 3, spectrumBilledMb: 2_520, spectrumScannedBytes: 2.5e9, rpuSeconds: 0 }];
    const [day] = dailyCosts({ from: at('2026-11-24T00:00:00Z'), to: at('2026-11-25T00:00:00Z') }, usage, facts, prices);
    expect(day.spectrum).toBe(0);
    expect(day.storage).toBe(0);
    expect(day.total).toBeCloseTo(1.086 * 2 * 24, 10);
    const lines = componentLines(day, facts.missing).join('\n');
    expect(lines).toContain('• Spectrum scans: _not counted_ — cannot see: X');
    expect(lines).toContain('• Managed storage (GB-month, running or paused): _not counted_ — cannot see: Y');
    expect(lines).not.toContain('$0.00');
    expect(missingNotes(facts, prices)).toEqual([
      'Spectrum scans not counted — cannot see: X.',
      'Managed storage (GB-month, running or paused) not counted — cannot see: Y.',
    ]);
  });

  test('storage: RA3 by its size whatever its state, DC2 in the node price, Serverless by the day mean of data_storage', () => {
    const day = { from: at('2026-11-24T00:00:00Z'), to: at('2026-11-25T00:00:00Z') };
    const dc2: WarehouseFacts = {
      kind: 'provisioned',
      nodeType: 'dc2.large',
      nodes: 1,
      changes: [],
      pausedNow: true,
      storageMb: 730_000,
      missing: {},
    };
    expect(dailyCosts(day, [], dc2, prices)[0].storage).toBe(0);
    expect(missingNotes(dc2, prices)).toEqual(['dc2.large keeps its data on local storage that the node price includes.']);
    const ra3: WarehouseFacts = { ...dc2, nodeType: 'ra3.xlplus' };
    expect(dailyCosts(day, [], ra3, prices)[0].storage).toBeCloseTo(0.576, 10); // paused all day: storage still bills
    expect(missingNotes({ ...ra3, storageMb: undefined }, prices)[0]).toContain('has not been read yet');
    const lake: WarehouseFacts = { kind: 'serverless', changes: [], pausedNow: false, missing: {} };
    const [served] = dailyCosts(
      day,
      [{ day: '2026-11-24', spectrumQueries: 0, spectrumBilledMb: 0, spectrumScannedBytes: 0, rpuSeconds: 7_200, storageMb: 365_000 }],
      lake,
      prices,
    );
    expect(served.storage).toBeCloseTo(365 * 0.024 * (24 / 730), 10);
    expect(served.serverless).toBeCloseTo(0.75, 10);
    expect(serverlessDaily(0, D).sql).toContain('avg(CAST(data_storage AS float8)) AS storage_mb');
    expect(coverageLine('provisioned')).toMatch(/Not counted: data transfer, concurrency scaling/);
    expect(coverageLine('serverless')).toMatch(/Spectrum scans are RPU time here/);
  });

  test('SHOW MODEL: the Key/Value rows give the estimated cost, creation time, state and prediction function', () => {
    const rows = [
      { key: 'Model Name', value: 'customer_churn' },
      { key: 'Schema Name', value: 'public' },
      { key: 'Owner', value: 'bob' },
      { key: 'Creation Time', value: 'Sat, 15.01.2000 14:45:20' },
      { key: 'Model State', value: 'READY' },
      { key: 'validation:F1', value: '0.855' },
      { key: 'Estimated Cost', value: '5.7' },
      { key: '', value: '' },
      { key: 'Function Name', value: 'predict_churn' },
      { key: 'Max Runtime', value: '36000' },
    ];
    expect(showModelFacts(rows)).toEqual({
      estimatedCost: 5.7,
      created: 'Sat, 15.01.2000 14:45:20',
      state: 'READY',
      functionName: 'predict_churn',
    });
    // Upper-case column names, and no Estimated Cost row (not the owner): no cost, never 0.
    expect(showModelFacts([{ KEY: ' Model State ', VALUE: ' TRAINING ' }])).toEqual({ state: 'TRAINING' });
    expect(showModelFacts([{ key: 'Estimated Cost', value: '' }]).estimatedCost).toBeUndefined();
  });

  test('model statements: SVV_ML_MODEL_INFO capped, SHOW MODEL with quoted names, one statement for when models were used', () => {
    expect(mlModels().sql).toContain('FROM svv_ml_model_info');
    expect(mlModels().sql).toContain(`LIMIT ${MAX_MODELS}`);
    expect(mlModels().sql).not.toMatch(/stv_ml_model_info|train_cells|max_cells|created_at/);
    expect(showModel('Analytics', 'odd"name').sql).toBe('SHOW MODEL "analytics"."odd""name"');
    expect(() => showModel('analytics', '')).toThrow(/empty/);
    expect(functionsLastUsed([])).toBeUndefined();
    const used = functionsLastUsed(['predict_churn', "x' OR 1=1"]);
    expect(used?.parameters).toEqual({ f0: 'predict_churn', f1: "x' OR 1=1" });
    expect(used?.sql).not.toContain('OR 1=1');
  });

  test('models in the report: SHOW MODEL estimates or why they are missing; "unused" only when the bot can tell', () => {
    const now = at('2026-11-25T10:00:00Z');
    const models = modelCosts(
      [
        {
          schema: 'analytics',
          name: 'churn',
          state: 'Model is Ready',
          owner: 'bob',
          estimatedUsd: 21,
          created: 'Fri, 13.11.2026 10:00:00',
          functionName: 'predict_churn',
          usageKnown: true,
        },
        {
          schema: 'analytics',
          name: 'ltv',
          state: 'Model is Ready',
          owner: 'carol',
          costMissing: "SHOW MODEL shows the estimated cost only to the model's owner (carol)",
          usageKnown: true,
          lastUsed: now - D,
        },
        { schema: 'adhoc', name: 'scratch', state: 'Model is Ready', owner: 'alice', estimatedUsd: 3, usageKnown: false },
      ],
      now,
    );
    expect(models.map((m) => m.unused)).toEqual([true, false, false]);
    const text = modelLines(models, 4).join('\n');
    expect(text).toContain(
      "`analytics.churn` by `bob` (Model is Ready, created Fri, 13.11.2026 10:00:00): ≈ *$21.00* (SHOW MODEL's estimated cost)",
    );
    expect(text).toContain(`its prediction function`);
    expect(text).toContain('DROP MODEL analytics.churn');
    expect(text).toContain("cost not known — SHOW MODEL shows the estimated cost only to the model's owner (carol)");
    expect(text).not.toContain('DROP MODEL adhoc.scratch');
    expect(text).toContain('…and 4 more models not listed.');
    expect(UNUSED_MODEL_DAYS).toBe(30);
  });

  test('a report whose parts failed or are hidden still stands and says which part is missing and why', () => {
    const now = at('2026-11-25T10:00:00Z');
    const facts: WarehouseFacts = {
      kind: 'serverless',
      changes: [],
      pausedNow: false,
      missing: { serverless: 'cannot see: S', storage: 'cannot see: S' },
    };
    const window = { from: at('2026-11-25T00:00:00Z'), to: now };
    const report = buildReport({
      target: 'lake',
      period: 'today',
      window,
      now,
      days: dailyCosts(window, [], facts, prices),
      facts,
      state: 'AVAILABLE',
      queryable: true,
      top: { value: { users: [], queries: [] } },
      topHidden: 'cannot see: H',
      models: { error: 'ERROR: permission denied for relation svv_ml_model_info' },
      budget: { dailyUsd: 10, spectrumTBPerDay: 1 },
      prices,
    });
    const text = JSON.stringify(reportBlocks(report));
    // Neither RPU time nor storage could be read: no total, no projection, never "$0.00".
    expect(report.countedNothing).toBe(true);
    expect(text).toContain('nothing it bills could be counted');
    expect(text).not.toContain('$0.00');
    expect(text).toContain('Serverless RPU-hours: _not counted_ — cannot see: S');
    // Said once, in the component lines, not again as a note.
    expect(text.split('cannot see: S').length - 1).toBe(2);
    expect(text).toContain('Top users and queries not shown — cannot see: H.');
    expect(text).toContain('ML models could not be read: ERROR: permission denied for relation svv_ml_model_info');
    expect(text).toContain('Not counted: data transfer');
    expect(report.budget).toEqual([]);
    expect(text).toContain('Budgets cannot be judged: nothing it bills could be counted.');
    // A Spectrum budget is dropped only when Spectrum itself is not counted.
    const blindCluster = buildReport({
      ...{ target: 'prod', period: 'today', window, now, state: 'available', queryable: true, prices },
      days: [],
      facts: {
        kind: 'provisioned',
        nodeType: 'ra3.xlplus',
        nodes: 2,
        changes: [],
        pausedNow: false,
        missing: { spectrum: 'cannot see: X' },
      },
      top: {},
      models: {},
      budget: { dailyUsd: 10, spectrumTBPerDay: 1 },
    });
    expect(blindCluster.budget.map((use) => use.kind)).toEqual(['dailyUsd']);
    expect(blindCluster.countedNothing).toBe(false);
    expect(JSON.stringify(reportBlocks(blindCluster))).toContain('estimated (not counting what is marked below)');
  });

  test('a budget alert with a hidden figure says it counts at least what it shows', () => {
    const alert = budgetAlert({
      target: 'prod',
      kind: 'provisioned',
      use: { kind: 'dailyUsd', period: '2026-11-25', limit: 60, used: 53.63, percent: 89.38 },
      threshold: 80,
      spent: {
        day: '2026-11-25',
        spectrum: 0,
        serverless: 0,
        nodes: 52.13,
        storage: 1.5,
        total: 53.63,
        spectrumMb: 0,
        spectrumQueries: 0,
        rpuHours: 0,
        runningHours: 24,
        pausedHours: 0,
      },
      missing: { spectrum: 'cannot see: X' },
      top: { users: [], queries: [] },
    });
    const text = JSON.stringify(alert.blocks);
    expect(text).toContain('(the 80 % alert). Some figures are not counted (below), so the spend is at least this.');
    expect(text).toContain('Spectrum scans: _not counted_ — cannot see: X');
  });

  test('the digest of a target whose usage is hidden shows no figures, only why', () => {
    const message = digestMessage(
      'day',
      at('2026-11-25T09:00:00Z'),
      [
        {
          target: 'lake',
          kind: 'serverless',
          spans: [],
          trend: [0, 0],
          notes: ['Serverless RPU-hours not counted — cannot see: S.'],
          countedNothing: true,
        },
      ],
      [],
    );
    const text = JSON.stringify(message.blocks);
    expect(text).toContain('*lake* (serverless)\\nnothing it bills could be counted\\n_Serverless RPU-hours not counted — cannot see: S._');
    expect(text).not.toContain('30 days');
  });
});
