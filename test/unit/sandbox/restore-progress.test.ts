import { restoreFigures } from '../../../src/sandbox/aws/restore-progress';

describe('restoreFigures', () => {
  it('shows no total and no progress until the table is copied', () => {
    expect(restoreFigures(undefined)).toEqual({ progressMb: 0 });
  });

  it('reports the copied table’s size, in whole megabytes, as both figures once it SUCCEEDED', () => {
    expect(restoreFigures({ status: 'SUCCEEDED', rows: 10, megabytes: 7 })).toEqual({ progressMb: 7, totalMb: 7 });
    expect(restoreFigures({ status: 'SUCCEEDED', rows: 10, megabytes: 2.3 })).toEqual({ progressMb: 3, totalMb: 3 });
  });

  it('keeps 0 and no total for a restore that ended without a table', () => {
    expect(restoreFigures({ status: 'FAILED', message: 'no such table' })).toEqual({ progressMb: 0 });
    expect(restoreFigures({ status: 'CANCELED', message: 'maintenance' })).toEqual({ progressMb: 0 });
  });
});
