import { columnsFrom, decodeField, decodeRecords } from '../../../../src/redshift/data/rows';

describe('decodeField', () => {
  it('turns each typed field into a plain value', () => {
    expect(decodeField({ longValue: 42 })).toBe(42);
    expect(decodeField({ longValue: 0 })).toBe(0);
    expect(decodeField({ doubleValue: 1.5 })).toBe(1.5);
    expect(decodeField({ stringValue: 'alice' })).toBe('alice');
    expect(decodeField({ stringValue: '' })).toBe('');
    expect(decodeField({ booleanValue: false })).toBe(false);
    expect(decodeField({ isNull: true })).toBeNull();
    expect(decodeField({ blobValue: new Uint8Array([1, 2, 255]) })).toBe('AQL/');
  });
});

describe('columnsFrom / decodeRecords', () => {
  it('keys rows by column name with types and nullability', () => {
    const columns = columnsFrom([
      { name: 'user_name', typeName: 'varchar', nullable: 1 },
      { name: 'rows', typeName: 'int8', nullable: 0 },
      { name: 'ratio', typeName: 'float8', nullable: 2 },
      { name: 'ok', typeName: 'bool' },
    ]);
    expect(columns).toEqual([
      { name: 'user_name', typeName: 'varchar', nullable: true },
      { name: 'rows', typeName: 'int8', nullable: false },
      { name: 'ratio', typeName: 'float8' },
      { name: 'ok', typeName: 'bool' },
    ]);
    const rows = decodeRecords(
      [
        [{ stringValue: 'alice' }, { longValue: 3 }, { doubleValue: 0.25 }, { booleanValue: true }],
        [{ isNull: true }, { longValue: 0 }, { isNull: true }, { booleanValue: false }],
      ],
      columns,
    );
    expect(rows).toEqual([
      { user_name: 'alice', rows: 3, ratio: 0.25, ok: true },
      { user_name: null, rows: 0, ratio: null, ok: false },
    ]);
  });

  it('keeps repeated column names apart instead of overwriting', () => {
    const columns = columnsFrom([{ name: '?column?' }, { name: '?column?' }, { label: 'only_label' }, {}]);
    expect(columns.map((c) => c.name)).toEqual(['?column?', '?column?_2', 'only_label', 'column_4']);
    expect(decodeRecords([[{ longValue: 1 }, { longValue: 2 }, { longValue: 3 }, { longValue: 4 }]], columns)).toEqual([
      { '?column?': 1, '?column?_2': 2, only_label: 3, column_4: 4 },
    ]);
  });
});
