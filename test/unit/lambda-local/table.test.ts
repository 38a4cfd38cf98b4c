import { localTable, TableTemplateError } from '../../../scripts/lambda-local/table';
import { dynamoTableDefinition } from '../../../src/store/dynamodb-table';

const table = (properties: Record<string, unknown>) => ({
  ChatopsTable: { Type: 'AWS::DynamoDB::Table', DeletionPolicy: 'Retain', Properties: properties },
});
const declared = {
  TableName: 'chatops-local',
  BillingMode: 'PAY_PER_REQUEST',
  AttributeDefinitions: dynamoTableDefinition('x').createTable.AttributeDefinitions,
  KeySchema: dynamoTableDefinition('x').createTable.KeySchema,
  GlobalSecondaryIndexes: dynamoTableDefinition('x').createTable.GlobalSecondaryIndexes,
  TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
  PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
};

describe('the state table from serverless.yml, for dynalite', () => {
  test('is the table the store adapter expects, with TTL on its attribute and PITR named as left out', () => {
    const made = localTable({ Role: { Type: 'AWS::IAM::Role', Properties: {} }, ...table(declared) }, 'chatops-local');
    expect(made.createTable).toEqual(dynamoTableDefinition('chatops-local').createTable);
    expect(made.ttlAttribute).toBe(dynamoTableDefinition('chatops-local').ttlAttribute);
    expect(made.leftOut).toEqual(['PointInTimeRecoverySpecification']);
  });

  test('TTL declared but disabled is not swept', () => {
    expect(
      localTable(table({ ...declared, TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: false } }), 'chatops-local').ttlAttribute,
    ).toBeUndefined();
  });

  test('a table CHATOPS_STORE does not name, or none at all, is a clear error', () => {
    expect(() => localTable(table(declared), 'other')).toThrow(
      new TableTemplateError('serverless.yml declares no AWS::DynamoDB::Table named other (CHATOPS_STORE); it declares chatops-local'),
    );
    expect(() => localTable({}, 'other')).toThrow('it declares none');
    expect(() => localTable(undefined, 'other')).toThrow('no resources.Resources map');
  });

  test('a property the runner cannot make is refused by name rather than dropped', () => {
    expect(() => localTable(table({ ...declared, StreamSpecification: { StreamViewType: 'NEW_IMAGE' } }), 'chatops-local')).toThrow(
      'the state table chatops-local declares StreamSpecification, which this runner cannot make',
    );
  });
});
