import type { DataApiExecutor } from './data-api';

/**
 * What features need of the Data API: run one statement, or a batch in one transaction, on a target;
 * or submit one and look at it later (a VACUUM that runs for hours is followed by the tick).
 */
export type SqlRunner = Pick<DataApiExecutor, 'execute' | 'executeBatch' | 'submit' | 'describe'>;
