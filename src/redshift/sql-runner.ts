import type { DataApiExecutor } from './data-api';

/** What features need of the Data API: run one statement, or a batch in one transaction, on a target. */
export type SqlRunner = Pick<DataApiExecutor, 'execute' | 'executeBatch'>;
