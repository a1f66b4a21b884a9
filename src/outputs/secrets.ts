/**
 * Decides whether an output looks like a secret, so that its value is never printed.
 * Two kinds of evidence: the output's name (`DbPassword`, `auth_token`, `ApiKey`), and the value
 * itself (a connection string with credentials, a PEM private key, an AWS access key, or a long
 * random-looking string). Names that say the value *identifies* something (`DbSecretArn`,
 * `secret_name`, `TokenEndpoint`) are not secrets, and neither are ARNs, host names, UUIDs or
 * resource ids, however random they look.
 */
import { nameWords } from './names.js';

/** Words that name a secret wherever they stand in an output name. */
const SECRET_WORDS = new Set([
  'password',
  'passwords',
  'passwd',
  'passphrase',
  'pwd',
  'secret',
  'secrets',
  'token',
  'tokens',
  'credential',
  'credentials',
  'creds',
  'auth',
  'apikey',
  'privatekey',
]);

/** Fragments that name a secret inside a single run-together word (`dbpassword`, `apitoken`). */
const SECRET_FRAGMENTS = ['password', 'passwd', 'passphrase', 'secret', 'token', 'credential', 'apikey', 'privatekey'];

/** Word pairs that name a secret (`api_key`, `PrivateKey`). */
const SECRET_PAIRS: ReadonlyArray<readonly [string, string]> = [
  ['api', 'key'],
  ['private', 'key'],
  ['access', 'key'],
  ['signing', 'key'],
];

/**
 * When the name ends with one of these words, the value identifies or describes a secret rather
 * than holding one: `DbSecretArn`, `secret_name`, `TokenEndpoint`, `PasswordLength`, `AuthType`.
 */
const DESCRIPTOR_WORDS = new Set([
  'arn',
  'arns',
  'id',
  'ids',
  'identifier',
  'name',
  'names',
  'url',
  'urls',
  'uri',
  'endpoint',
  'endpoints',
  'host',
  'hostname',
  'domain',
  'dns',
  'port',
  'type',
  'mode',
  'method',
  'scheme',
  'provider',
  'enabled',
  'disabled',
  'required',
  'version',
  'path',
  'prefix',
  'ref',
  'region',
  'zone',
  'account',
  'count',
  'length',
  'ttl',
  'days',
  'expiry',
  'expiration',
  'rotation',
  'schedule',
  'policy',
  'role',
  'user',
  'username',
  'table',
  'bucket',
  'stream',
  'queue',
  'topic',
  'cluster',
  'group',
  'parameter',
  'param',
  'location',
  'header',
  'status',
  'state',
]);

const ARN = /^arn:aws[a-z-]*:/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** `vpc-0a1b2c3d`, `subnet-…`, `mrk-…`, `fs-…`: an AWS resource id is not a secret. */
const RESOURCE_ID = /^[a-z][a-z0-9]{0,15}-[0-9a-f]{8,32}$/;
const HOST = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+\.?(:\d{1,5})?$/;
/** `scheme://user:password@host` and `scheme://:password@host` (Redis AUTH). */
const URL_WITH_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^\s/?#@]*:[^\s/?#@]+@/i;
/** `Server=…;Password=…`, `?password=…`, `&token=…`, presigned-URL signatures. */
const SECRET_PARAMETER =
  /(?:^|[;&?\s])(?:password|pwd|passwd|token|access_token|api_?key|client_secret|secret|x-amz-signature|x-amz-security-token)=[^;&\s]+/i;
const PEM_PRIVATE_KEY = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/;
const ACCESS_KEY_ID = /^(?:AKIA|ASIA)[A-Z0-9]{16}$/;
const SECRET_ACCESS_KEY = /^[A-Za-z0-9/+]{40}$/;
/** The characters of generated passwords, tokens and base64 / base64url keys. */
const TOKEN_CHARS = /^[A-Za-z0-9+/=_\-.~!@#$%^&*]+$/;
/**
 * A CloudFormation physical name, `Stack-LogicalId1A2B3C4D-AbC123xyZ`: readable, not random. The
 * logical id ends in eight upper-case hex digits; without them, hyphenated tokens (base64url keys)
 * would pass for names.
 */
const GENERATED_NAME = /^[A-Z][a-z]+[A-Za-z0-9]*(?:-[A-Za-z0-9]+)*[0-9A-F]{8}-[A-Za-z0-9]+$/;

export const MIN_RANDOM_LENGTH = 24;

/** Shannon entropy of the string, in bits per character. */
export function shannonEntropy(value: string): number {
  if (value.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  const n = [...value].length;
  for (const c of counts.values()) {
    const p = c / n;
    h -= p * Math.log2(p);
  }
  return h;
}

/** How many of lower case, upper case, digits and base64 / password symbols the value mixes. */
function characterClasses(value: string): number {
  let lower = 0;
  let upper = 0;
  let digit = 0;
  let symbol = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 97 && c <= 122) lower = 1;
    else if (c >= 65 && c <= 90) upper = 1;
    else if (c >= 48 && c <= 57) digit = 1;
    else if ('+/=!@#$%^&*~'.includes(value[i] as string)) symbol = 1;
  }
  return lower + upper + digit + symbol;
}

function readsLikeAWord(run: string): boolean {
  const vowels = run.match(/[aeiouy]/g)?.length ?? 0;
  return vowels / run.length >= 0.2 && !/[^aeiouy]{5}/.test(run);
}

/** True when the value is a long string of mixed character classes with high entropy and no readable words. */
export function looksRandom(value: string): boolean {
  if (value.length < MIN_RANDOM_LENGTH || value.length > 4096) return false;
  // Cheapest first: most values (names, hosts, ids) mix fewer than three classes. Upper and lower
  // case alone is enough for a token (one in 65 random base62 tokens of 24 has no digit); names
  // that mix only the two cases are told apart by their words, below.
  const classes = characterClasses(value);
  if (classes < 2 || (classes === 2 && !(/[a-z]/.test(value) && /[A-Z]/.test(value))) || !TOKEN_CHARS.test(value)) return false;
  if (ARN.test(value) || UUID.test(value) || RESOURCE_ID.test(value) || HOST.test(value) || GENERATED_NAME.test(value)) {
    return false;
  }
  // Readable words make up much of a name, little of a key. A word is a run of four or more
  // lower-case letters that reads like one: vowels in it, no five consonants in a row. (Counting
  // every such run let one random token in 30 through as "readable".)
  const wordy = (value.match(/[a-z]{4,}/g) ?? []).filter(readsLikeAWord).reduce((n, w) => n + w.length, 0);
  if (wordy / value.length > 0.45) return false;
  return shannonEntropy(value) >= 3.8;
}

function nameSaysSecret(words: string[]): boolean {
  if (words.some((w) => SECRET_WORDS.has(w) || SECRET_FRAGMENTS.some((f) => w.includes(f) && w !== 'secretsmanager'))) return true;
  for (let i = 0; i + 1 < words.length; i++) {
    // `api_key` and `api_keys` alike.
    if (SECRET_PAIRS.some(([a, b]) => words[i] === a && (words[i + 1] === b || words[i + 1] === `${b}s`))) return true;
  }
  return false;
}

/**
 * True when an output named `name` with this value should be treated as a secret: marked
 * `sensitive`, its value never printed and never used for discovery.
 */
export function looksSecret(name: string, value: string): boolean {
  const v = value.trim();
  // What the value is, whatever the output is called.
  if ((v.includes('://') && URL_WITH_PASSWORD.test(v)) || ACCESS_KEY_ID.test(v)) return true;
  if ((v.includes('=') && SECRET_PARAMETER.test(v)) || (v.includes('-----BEGIN') && PEM_PRIVATE_KEY.test(v))) return true;
  if (SECRET_ACCESS_KEY.test(v) && /[a-z]/.test(v) && /[A-Z]/.test(v) && /[0-9]/.test(v)) return true;
  // An ARN (even of a Secrets Manager secret) and a flag are safe to print.
  if (ARN.test(v) || v === 'true' || v === 'false') return false;

  const words = nameWords(name);
  const last = words[words.length - 1];
  const describes = last !== undefined && DESCRIPTOR_WORDS.has(last);
  if (nameSaysSecret(words) && !describes) return true;
  return !describes && looksRandom(v);
}
