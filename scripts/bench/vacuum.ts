/**
 * The VACUUM advisor over a large warehouse's SVV_TABLE_INFO: how long ranking takes in the bot,
 * and what the candidate query reads (it filters, ranks and limits in SQL, so the rows read depend
 * on maxCandidates, not on the number of tables).
 */
import { parseChatopsConfig } from '../../src/config/chatops';
import { rankCandidates, type TableHealth } from '../../src/features/vacuum/advisor';
import type { BenchSection } from '../bench';
import { median, ms, table } from './stats';

const TABLES = 50_000;
const RUNS = 7;

/** A deterministic mix: most tables healthy, some unsorted, some with deleted rows, some stale, a few huge. */
function warehouse(count: number): TableHealth[] {
  let seed = 42;
  const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
  return Array.from({ length: count }, (_, i) => {
    const tblRows = Math.floor(next() * 1e9);
    return {
      schema: `s${i % 50}`,
      table: `t${i}`,
      tableId: 100_000 + i,
      sizeMb: next() < 0.001 ? 800_000 + Math.floor(next() * 200_000) : Math.floor(next() * 50_000),
      unsorted: next() < 0.1 ? null : Math.round(next() * (next() < 0.8 ? 5 : 80) * 100) / 100,
      statsOff: Math.round(next() * (next() < 0.85 ? 10 : 100) * 100) / 100,
      tblRows,
      visibleRows: Math.floor(tblRows * (1 - next() * (next() < 0.85 ? 0.05 : 0.4))),
      vacuumSortBenefit: next() < 0.5 ? null : Math.round(next() * 90 * 100) / 100,
      ...(next() < 0.05 ? { lastVacuumAt: Date.parse('2026-11-25T00:00:00Z') } : {}),
    };
  });
}

export const vacuumAdvisor: BenchSection = {
  name: 'vacuum-advisor',
  description: `the advisor ranking ${TABLES.toLocaleString('en-US')} tables (synthetic SVV_TABLE_INFO rows), ${RUNS} runs; and what \`vacuum check\` reads`,
  async run() {
    const thresholds = parseChatopsConfig(
      'targets: { prod: { kind: provisioned, cluster: c, database: dev, dbUser: u } }\nchannels: { approvals: C0APPROVALS, alerts: C0ALERTS, audit: C0AUDIT }',
    ).vacuum;
    const now = Date.parse('2026-11-25T10:00:00Z');
    const rows = warehouse(TABLES);
    const samples: number[] = [];
    let listed = 0;
    for (let i = 0; i < RUNS; i += 1) {
      const start = process.hrtime.bigint();
      listed = rankCandidates(rows, thresholds, now).length;
      samples.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    const perTable = (median(samples) * 1e6) / TABLES;
    console.log(
      table([
        ['tables', 'median', 'per table', 'listed', 'runs'],
        [
          TABLES.toLocaleString('en-US'),
          ms(median(samples)),
          `${perTable.toFixed(0)} ns`,
          String(listed),
          samples.map((s) => s.toFixed(1)).join(', '),
        ],
      ]),
    );
    const limit = thresholds.maxCandidates * 2;
    console.log(
      `vacuum check per target: 1 Data API statement, at most ${limit} rows read (maxCandidates ${thresholds.maxCandidates} × 2, plus 2 per snoozed table), whatever the table count.`,
    );
  },
};
