/**
 * Reading IAM policy documents (identity policies, role trust policies, key policies, bucket
 * policies) as AWS evaluates them: `Statement` as one object or a list, `Action`/`Resource` as a
 * string or a list, `NotAction`/`NotPrincipal`, and the conditions that limit a `*` principal to
 * one account or organization. Pure: the collectors parse, the checks judge, and both share this.
 */

/** One statement, as written: every element AWS allows as a string or a list is kept as given. */
export interface PolicyStatement {
  Sid?: string;
  Effect?: string;
  Principal?: unknown;
  NotPrincipal?: unknown;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
}

/** A policy document with its statements always as a list. */
export interface PolicyDocument {
  Version?: string;
  Statement: PolicyStatement[];
}

/** A string or a list of strings as a list (anything else: empty). */
export function asList(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

/**
 * Parses a policy document as an AWS API returns it. IAM's GetRole, GetRolePolicy and
 * GetPolicyVersion return the JSON URL-encoded (RFC 3986); KMS and S3 return it as is. Plain JSON
 * is tried first: an encoded document never parses as JSON (it begins `%7B`), and a plain one may
 * hold a literal `%`. Throws with one sentence when the text is neither.
 */
export function parsePolicyDocument(text: string): PolicyDocument {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    let decoded: string;
    try {
      decoded = decodeURIComponent(text);
    } catch {
      throw new Error('the policy document is neither JSON nor URL-encoded JSON');
    }
    try {
      value = JSON.parse(decoded);
    } catch {
      throw new Error('the policy document is not JSON once URL-decoded');
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('the policy document is not a JSON object');
  const doc = value as { Version?: unknown; Statement?: unknown };
  const raw = doc.Statement;
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  if (list.some((s) => typeof s !== 'object' || s === null || Array.isArray(s))) throw new Error('a statement of the policy document is not a JSON object');
  return { ...(typeof doc.Version === 'string' ? { Version: doc.Version } : {}), Statement: list as PolicyStatement[] };
}

const isAllow = (s: PolicyStatement) => typeof s.Effect === 'string' && s.Effect.toLowerCase() === 'allow';
const isDeny = (s: PolicyStatement) => typeof s.Effect === 'string' && s.Effect.toLowerCase() === 'deny';

/** A statement's name in evidence: its Sid, else its position. */
export function statementName(s: PolicyStatement, index: number): string {
  return typeof s.Sid === 'string' && s.Sid !== '' ? s.Sid : `#${index + 1}`;
}

// ---------------------------------------------------------------------------------------------
// Principals

/** Whether a Principal element names everyone: `"*"`, `{"AWS": "*"}` (or a list holding `*`). */
export function isWildcardPrincipal(principal: unknown): boolean {
  if (typeof principal === 'string') return principal.trim() === '*';
  if (typeof principal !== 'object' || principal === null || Array.isArray(principal)) return false;
  return asList((principal as Record<string, unknown>).AWS).some((p) => p.trim() === '*');
}

/**
 * Whether a statement grants to everyone: an Allow to a `*` principal, or an Allow with
 * `NotPrincipal` (everyone but the few it names).
 */
export function allowsEveryone(s: PolicyStatement): boolean {
  return isAllow(s) && (isWildcardPrincipal(s.Principal) || s.NotPrincipal !== undefined);
}

// ---------------------------------------------------------------------------------------------
// Conditions that limit a `*` principal to an account or organization

/**
 * Condition keys that name the caller's (or the calling resource's) account or organization, and
 * how a value of each names one. AWS's own key policies for services (the AWS-managed keys'
 * `kms:CallerAccount`, CloudTrail's `aws:SourceArn`) and its cross-account guidance use these.
 */
const ACCOUNT_KEYS: Readonly<Record<string, 'account' | 'org' | 'org-path' | 'arn'>> = {
  'kms:calleraccount': 'account',
  'aws:principalaccount': 'account',
  'aws:sourceaccount': 'account',
  'aws:sourceowner': 'account',
  'aws:resourceaccount': 'account',
  'aws:principalorgid': 'org',
  'aws:sourceorgid': 'org',
  'aws:resourceorgid': 'org',
  'aws:principalorgpaths': 'org-path',
  'aws:sourceorgpaths': 'org-path',
  'aws:sourcearn': 'arn',
  'aws:principalarn': 'arn',
};

/** Operators that compare a key with fixed values (an `…IfExists` operator does not limit a caller without the key). */
const LIMITING_OPERATORS = new Set(['stringequals', 'stringequalsignorecase', 'stringlike', 'arnequals', 'arnlike']);

/**
 * Whether a value names one account, organization or account's resource. A wildcard or a policy
 * variable where the account or organization goes names no one: AWS's KMS.5 control likewise
 * reads only fixed values.
 */
function namesOne(kind: 'account' | 'org' | 'org-path' | 'arn', value: string): boolean {
  switch (kind) {
    case 'account':
      return /^\d{12}$/.test(value);
    case 'org':
      return /^o-[a-z0-9]{10,32}$/.test(value);
    case 'org-path':
      // `o-…/r-…/ou-…/*`: the organization is fixed even when the path ends in a wildcard.
      return /^o-[a-z0-9]{10,32}\//.test(value) && !/\$\{/.test(value);
    case 'arn': {
      // An ARN names an account only through its fifth field, and only a fixed one.
      const account = value.split(':')[4];
      return value.startsWith('arn:') && account !== undefined && /^\d{12}$/.test(account) && !/\$\{/.test(value);
    }
  }
}

export interface Limit {
  /** `<operator>:<key>`, as written. */
  condition: string;
  values: string[];
}

/**
 * The conditions of a statement that limit it to named accounts or organizations: an operator
 * comparing one of the keys above with fixed values, each naming one account, organization or
 * account's resource. Empty when nothing limits it (no condition, `…IfExists`, `ForAllValues:`
 * (true for a caller without the key), wildcards or variables in the values, other keys).
 */
export function accountLimits(condition: PolicyStatement['Condition']): Limit[] {
  const limits: Limit[] = [];
  if (typeof condition !== 'object' || condition === null) return limits;
  for (const [operator, entries] of Object.entries(condition)) {
    let op = operator.toLowerCase();
    if (op.startsWith('foranyvalue:')) op = op.slice('foranyvalue:'.length);
    if (!LIMITING_OPERATORS.has(op) || typeof entries !== 'object' || entries === null) continue;
    for (const [key, raw] of Object.entries(entries)) {
      const kind = ACCOUNT_KEYS[key.toLowerCase()];
      if (!kind) continue;
      const values = asList(raw);
      if (values.length === 0) continue;
      if (values.every((v) => namesOne(kind, v))) limits.push({ condition: `${operator}:${key}`, values });
    }
  }
  return limits;
}

export interface PublicGrant {
  statement: string;
  /** What makes it public: the principal as written. */
  principal: unknown;
  actions: string[];
}

/**
 * The statements of a resource policy (trust policy, key policy) that grant to everyone with no
 * condition limiting them to an account or organization. A statement limited by one is listed in
 * `limited`, with the condition that limits it.
 */
export function publicGrants(doc: PolicyDocument): { open: PublicGrant[]; limited: Array<PublicGrant & { limits: Limit[] }> } {
  const open: PublicGrant[] = [];
  const limited: Array<PublicGrant & { limits: Limit[] }> = [];
  doc.Statement.forEach((s, i) => {
    if (!allowsEveryone(s)) return;
    const grant: PublicGrant = {
      statement: statementName(s, i),
      principal: s.NotPrincipal !== undefined ? { NotPrincipal: s.NotPrincipal } : s.Principal,
      actions: s.NotAction !== undefined ? asList(s.NotAction).map((a) => `not ${a}`) : asList(s.Action),
    };
    const limits = accountLimits(s.Condition);
    if (limits.length) limited.push({ ...grant, limits });
    else open.push(grant);
  });
  return { open, limited };
}

// ---------------------------------------------------------------------------------------------
// Administrative access

/** `*` or `*:*`: every action of every service. */
const everyAction = (a: string) => {
  const t = a.trim();
  return t === '*' || t === '*:*';
};

/**
 * The statements that allow every action on every resource: Effect Allow, an `Action` holding `*`
 * (or `*:*`), a `Resource` holding `*`. A `NotAction` statement allows every action but those it
 * names, which is not every action: it is reported apart (`broad`), as is an admin statement under
 * a condition (still admin when the condition holds).
 */
export function adminStatements(doc: PolicyDocument): { admin: string[]; broad: string[] } {
  const admin: string[] = [];
  const broad: string[] = [];
  doc.Statement.forEach((s, i) => {
    if (!isAllow(s) || s.NotResource !== undefined || !asList(s.Resource).some((r) => r.trim() === '*')) return;
    if (asList(s.Action).some(everyAction)) admin.push(statementName(s, i));
    else if (s.NotAction !== undefined) broad.push(statementName(s, i));
  });
  return { admin, broad };
}

/** The AWS-managed AdministratorAccess policy, by ARN in any partition. */
export function isAdministratorAccessArn(arn: string): boolean {
  return /^arn:[a-z-]+:iam::aws:policy\/AdministratorAccess$/.test(arn);
}

// ---------------------------------------------------------------------------------------------
// TLS-only bucket policies

/** The partition of a region's ARNs. */
export function partitionOf(region: string | undefined): string {
  if (region?.startsWith('cn-')) return 'aws-cn';
  if (region?.startsWith('us-gov-')) return 'aws-us-gov';
  if (region?.startsWith('us-iso-')) return 'aws-iso';
  if (region?.startsWith('us-isob-')) return 'aws-iso-b';
  return 'aws';
}

/** Whether an IAM resource pattern (`*` and `?` wildcards) matches a value. */
export function patternMatches(pattern: string, value: string): boolean {
  const re = new RegExp(`^${pattern.split('').map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('')}$`);
  return re.test(value);
}

/** Whether a condition value says "false" (`"false"`, `false`, or a list of them). */
const isFalse = (v: unknown): boolean => (Array.isArray(v) ? v.length > 0 && v.every(isFalse) : v === false || (typeof v === 'string' && v.trim().toLowerCase() === 'false'));

/**
 * Whether a statement's condition is exactly "the request did not use TLS": `Bool` or
 * `BoolIfExists` on `aws:SecureTransport` with the value false, and nothing else (another key would
 * narrow the deny to some of those requests).
 */
function onlyWithoutTls(condition: PolicyStatement['Condition']): boolean {
  if (typeof condition !== 'object' || condition === null) return false;
  const entries = Object.entries(condition).flatMap(([op, keys]) =>
    typeof keys === 'object' && keys !== null ? Object.entries(keys).map(([key, value]) => ({ op: op.toLowerCase(), key: key.toLowerCase(), value })) : [{ op: op.toLowerCase(), key: '', value: keys }],
  );
  return entries.length === 1 && (entries[0]!.op === 'bool' || entries[0]!.op === 'boolifexists') && entries[0]!.key === 'aws:securetransport' && isFalse(entries[0]!.value);
}

/**
 * The statements of a bucket policy that deny every request made without TLS: Effect Deny,
 * principal `*`, every S3 action (`s3:*` or `*`), resources covering the bucket and its objects,
 * and only the `aws:SecureTransport = false` condition.
 */
export function tlsOnlyStatements(doc: PolicyDocument, bucketArn: string): string[] {
  const objects = `${bucketArn}/any-object-key`;
  return doc.Statement.flatMap((s, i) => {
    if (!isDeny(s) || !isWildcardPrincipal(s.Principal) || s.NotAction !== undefined || s.NotResource !== undefined) return [];
    if (!asList(s.Action).some((a) => ['*', 's3:*'].includes(a.trim().toLowerCase()))) return [];
    const resources = asList(s.Resource);
    if (!resources.some((r) => patternMatches(r, bucketArn)) || !resources.some((r) => patternMatches(r, objects))) return [];
    return onlyWithoutTls(s.Condition) ? [statementName(s, i)] : [];
  });
}
