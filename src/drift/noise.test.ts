/** Each noise rule, with real-shaped values: what never counts as drift, and what always does. */
import { aliasOf, droppedAttribute, isKeyReference, isUnset, keyIdOf, normaliseDocument, sameDocument, sameKey, withoutUnset } from './noise.js';

const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';
const KEY_ARN = `arn:aws:kms:us-east-1:123456789012:key/${KEY_ID}`;
const OTHER_ARN = 'arn:aws:kms:us-east-1:123456789012:key/9999abcd-12ab-34cd-56ef-1234567890ab';

describe('dropped attributes', () => {
  it.each([
    ['tags_all', true], // the provider's merge with default_tags
    ['timeouts', true],
    ['password_wo', true], // write-only: never read back
    ['password_wo_version', true],
    ['tags', false],
    ['password', false], // compared (its values shown as sensitive), never dropped
    ['wo_setting', false],
  ])('%s → %s', (name, dropped) => expect(droppedAttribute(name)).toBe(dropped));
});

describe('unset values', () => {
  it.each([
    ['null', null, true],
    ['absent', undefined, true],
    ['an empty string (a provider reading an unset description)', '', true],
    ['an empty list (layers null → [])', [], true],
    ['an empty map (tags null → {})', {}, true],
    ['a block of unset values (ephemeral_storage with nothing in it)', [{ size: null }], true],
    ['false: a flag turned off is a value', false, false],
    ['0: a number is a value', 0, false],
    ['a map with one tag', { Team: 'data' }, false],
  ])('%s', (_name, value, unset) => expect(isUnset(value)).toBe(unset));

  it('drops unset keys for showing and comparing, keeping false and 0', () => {
    expect(withoutUnset({ description: '', self: false, from_port: 0, cidr_blocks: ['0.0.0.0/0'], prefix_list_ids: [] })).toEqual({ cidr_blocks: ['0.0.0.0/0'], from_port: 0, self: false });
  });
});

describe('JSON documents', () => {
  const written = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
  });
  it.each([
    // IAM returns a policy re-serialised: keys in its own order, a lone value as a list.
    ['keys in another order', JSON.stringify({ Statement: [{ Action: 'sts:AssumeRole', Principal: { Service: 'lambda.amazonaws.com' }, Effect: 'Allow' }], Version: '2012-10-17' }), true],
    ['a lone Action as a one-element list', JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: ['lambda.amazonaws.com'] }, Action: ['sts:AssumeRole'] }] }), true],
    ['one statement written bare', JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' } }), true],
    ['another principal', JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] }), false],
    ['Deny for Allow', JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] }), false],
    ['an extra action', JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] }] }), false],
    ['not JSON at all', 'sts:AssumeRole', false],
  ])('%s → same: %s', (_name, other, same) => expect(sameDocument(written, other)).toBe(same));

  it('puts statements and unordered lists in one order, and Condition values as lists', () => {
    const a = { Version: '2012-10-17', Statement: [{ Sid: 'b', Effect: 'Allow', Action: ['s3:PutObject', 's3:GetObject'], Resource: '*', Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } } }, { Sid: 'a', Effect: 'Deny', Action: 's3:*', Resource: '*' }] };
    const b = { Version: '2012-10-17', Statement: [{ Sid: 'a', Effect: 'Deny', Action: ['s3:*'], Resource: ['*'] }, { Sid: 'b', Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: ['*'], Condition: { StringEquals: { 'aws:SourceAccount': ['123456789012'] } } }] };
    expect(normaliseDocument(a)).toEqual(normaliseDocument(b));
  });

  it('keeps the order of lists in a document that is no policy (a state machine runs its steps in order)', () => {
    expect(sameDocument(JSON.stringify({ Steps: ['a', 'b'], Resource: 'x' }), JSON.stringify({ Steps: ['b', 'a'], Resource: 'x' }))).toBe(false);
    expect(sameDocument(JSON.stringify({ Resource: 'x' }), JSON.stringify({ Resource: ['x'] }))).toBe(false);
  });
});

describe('KMS key references', () => {
  const aliases = new Map([['alias/app', KEY_ID]]);
  it.each([
    ['a key ARN and its id', KEY_ARN, KEY_ID, true],
    ['an alias and the key it names (resolved by the run)', 'alias/app', KEY_ARN, true],
    ['an alias ARN and the key id', 'arn:aws:kms:us-east-1:123456789012:alias/app', KEY_ID, true],
    ['two different keys', KEY_ARN, OTHER_ARN, false],
    ['an alias nobody resolved', 'alias/other', KEY_ARN, false],
    ['a key and a string that is no key', KEY_ARN, 'Enabled', false],
  ])('%s → same: %s', (_name, a, b, same) => expect(sameKey(a, b, aliases)).toBe(same));

  it('tells references apart from other strings', () => {
    expect(isKeyReference('alias/aws/s3')).toBe(true);
    expect(isKeyReference('mrk-1234abcd12ab34cd56ef1234567890ab')).toBe(true);
    expect(isKeyReference('arn:aws:s3:::bucket')).toBe(false);
    expect(aliasOf('arn:aws:kms:us-east-1:123456789012:alias/app')).toBe('alias/app');
    expect(keyIdOf('alias/app')).toBeUndefined();
  });
});
