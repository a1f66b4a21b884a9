/**
 * CloudFormation's drift answer read as drift. Shapes as AWS documents them (the CLI reference's
 * `describe-stack-resource-drifts` example: a queue whose DelaySeconds and redrive policy drifted).
 */
import { differenceText } from './compare.js';
import { readStackDrifts, type StackResourceDrift } from './cloudformation.js';

const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';
const TYPES = new Map([
  ['Queue', 'AWS::SQS::Queue'],
  ['Data', 'AWS::S3::Bucket'],
  ['Gone', 'AWS::SNS::Topic'],
  ['Db', 'AWS::RDS::DBInstance'],
  ['Policy', 'AWS::IAM::ManagedPolicy'],
  ['Alarm', 'AWS::CloudWatch::Dashboard'],
]);

const DRIFTS: StackResourceDrift[] = [
  {
    LogicalResourceId: 'Queue',
    ResourceType: 'AWS::SQS::Queue',
    StackResourceDriftStatus: 'MODIFIED',
    PropertyDifferences: [
      { PropertyPath: '/DelaySeconds', ExpectedValue: '0', ActualValue: '20', DifferenceType: 'NOT_EQUAL' },
      { PropertyPath: '/RedrivePolicy/maxReceiveCount', ExpectedValue: '5', ActualValue: '10', DifferenceType: 'NOT_EQUAL' },
      // The same key named by ARN in the template and by id live: no drift.
      { PropertyPath: '/KmsMasterKeyId', ExpectedValue: `arn:aws:kms:us-east-1:123456789012:key/${KEY_ID}`, ActualValue: KEY_ID, DifferenceType: 'NOT_EQUAL' },
    ],
  },
  {
    LogicalResourceId: 'Data',
    ResourceType: 'AWS::S3::Bucket',
    StackResourceDriftStatus: 'MODIFIED',
    PropertyDifferences: [
      { PropertyPath: '/VersioningConfiguration/Status', ExpectedValue: 'Enabled', ActualValue: 'Suspended', DifferenceType: 'NOT_EQUAL' },
      { PropertyPath: '/Tags/1', ExpectedValue: '{"Key":"Team","Value":"data"}', ActualValue: 'null', DifferenceType: 'REMOVE' },
    ],
  },
  { LogicalResourceId: 'Gone', ResourceType: 'AWS::SNS::Topic', StackResourceDriftStatus: 'DELETED' },
  {
    LogicalResourceId: 'Db',
    ResourceType: 'AWS::RDS::DBInstance',
    StackResourceDriftStatus: 'MODIFIED',
    PropertyDifferences: [{ PropertyPath: '/MasterUserPassword', ExpectedValue: 'hunter2-declared', ActualValue: 'hunter3-live', DifferenceType: 'NOT_EQUAL' }],
  },
  {
    LogicalResourceId: 'Policy',
    ResourceType: 'AWS::IAM::ManagedPolicy',
    StackResourceDriftStatus: 'MODIFIED',
    // The policy written with a lone Action in the template, as a list by IAM: no drift.
    PropertyDifferences: [
      {
        PropertyPath: '/PolicyDocument',
        ExpectedValue: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}',
        ActualValue: '{"Statement":[{"Action":["s3:GetObject"],"Resource":["*"],"Effect":"Allow"}],"Version":"2012-10-17"}',
        DifferenceType: 'NOT_EQUAL',
      },
    ],
  },
];

describe('readStackDrifts', () => {
  const r = readStackDrifts(DRIFTS, TYPES);
  const texts = (id: string) => r.entries.get(id)?.differences.map(differenceText);

  it('lists each property path that differs, declared and live', () => {
    expect(texts('Queue')).toEqual(['/DelaySeconds: declared 0, live 20', '/RedrivePolicy/maxReceiveCount: declared 5, live 10']);
    expect(texts('Data')).toEqual(['/VersioningConfiguration/Status: declared "Enabled", live "Suspended"', '/Tags/1: declared {"Key":"Team","Value":"data"}, not live']);
  });

  it('reads DELETED as deleted', () => {
    expect(r.entries.get('Gone')).toEqual({ status: 'deleted', differences: [{ path: '', kind: 'deleted' }] });
  });

  it('never shows a secret property’s values', () => {
    expect(texts('Db')).toEqual(['/MasterUserPassword: declared (sensitive), live (sensitive)']);
    expect(JSON.stringify([...r.entries])).not.toMatch(/hunter/);
  });

  it('drops a policy IAM re-serialised, and a key named two ways: the resource is in sync', () => {
    expect(r.entries.get('Policy')).toEqual({ status: 'in-sync', differences: [] });
  });

  it('a resource CloudFormation left out of its answer (its type has no drift detection) is not checked, never in sync', () => {
    expect(r.entries.get('Alarm')).toMatchObject({ notChecked: expect.stringContaining('does not support AWS::CloudWatch::Dashboard') });
  });

  it('NOT_CHECKED is not checked, with the type', () => {
    const nc = readStackDrifts([{ LogicalResourceId: 'Fn', ResourceType: 'AWS::Lambda::Version', StackResourceDriftStatus: 'NOT_CHECKED' }], new Map());
    expect(nc.entries.get('Fn')).toMatchObject({ notChecked: expect.stringContaining('AWS::Lambda::Version') });
  });

  it('an alias and its key are one key once resolved', () => {
    const d: StackResourceDrift[] = [{ LogicalResourceId: 'Queue', StackResourceDriftStatus: 'MODIFIED', PropertyDifferences: [{ PropertyPath: '/KmsMasterKeyId', ExpectedValue: 'alias/app', ActualValue: KEY_ID, DifferenceType: 'NOT_EQUAL' }] }];
    expect(readStackDrifts(d, new Map()).aliases).toEqual(['alias/app']);
    expect(readStackDrifts(d, new Map(), new Map([['alias/app', KEY_ID]])).entries.get('Queue')).toEqual({ status: 'in-sync', differences: [] });
  });
});
