/**
 * Credentials of an assumed role (STS AssumeRole through the SDK's `fromTemporaryCredentials`),
 * shared by every client of one account and refreshed before they expire: one AssumeRole per
 * account and hour, however many services the account's resources use.
 */
import { describeAwsError } from './context.js';
import { deniedReason } from '../facts/access.js';
import { requireSdk } from './sdk.js';
import type { AwsSettings, Credentials, CredentialsProvider } from './settings.js';

/** What the identity running postflight needs beyond the read-only policy, to reach other accounts. */
export const RUNNER_ACTIONS: readonly string[] = ['sts:AssumeRole'];

export interface RolePlan {
  roleArn: string;
  externalId?: string;
  sessionName: string;
}

/** Refresh this long before the credentials expire, so no call is signed with credentials about to lapse. */
export const REFRESH_BEFORE_MS = 5 * 60_000;

/**
 * One provider that asks `fetch` once, and again only when the credentials it holds are within
 * `REFRESH_BEFORE_MS` of expiring (or a fetch failed). Concurrent callers share one fetch.
 */
export function sharedCredentials(fetch: CredentialsProvider, now: () => number = Date.now): CredentialsProvider & { fetches(): number } {
  let current: Promise<Credentials> | undefined;
  let fetches = 0;
  const stale = (c: Credentials) => c.expiration !== undefined && c.expiration.getTime() - now() <= REFRESH_BEFORE_MS;
  const get = async (): Promise<Credentials> => {
    if (current) {
      try {
        const held = await current;
        if (!stale(held)) return held;
      } catch {
        // A failed fetch is tried again on the next call.
      }
    }
    fetches++;
    const next = fetch();
    current = next;
    return next;
  };
  return Object.assign(get, { fetches: () => fetches });
}

/** The credentials of `role`, assumed with the run's own credentials (its profile, or the default chain). */
export function roleCredentials(role: RolePlan, base: AwsSettings): CredentialsProvider & { fetches(): number } {
  const { fromTemporaryCredentials, fromIni } = requireSdk('@aws-sdk/credential-providers') as typeof import('@aws-sdk/credential-providers');
  const provider = fromTemporaryCredentials({
    params: { RoleArn: role.roleArn, RoleSessionName: role.sessionName, ...(role.externalId ? { ExternalId: role.externalId } : {}) },
    ...(base.profile ? { masterCredentials: fromIni({ profile: base.profile }) } : {}),
    clientConfig: {
      // STS is regional; any region of the role's partition answers.
      region: base.region ?? 'us-east-1',
      maxAttempts: base.maxAttempts,
      ...(base.endpointUrl ? { endpoint: base.endpointUrl } : {}),
    },
  });
  return sharedCredentials(provider as CredentialsProvider);
}

/** Why a role could not be assumed, in one line (the external id is never shown). */
export function assumeRoleFailure(role: RolePlan, err: unknown): string {
  const detail = describeAwsError(err);
  // Told as a denial of sts:AssumeRole, so that every result of the account points at that permission.
  const why = /AccessDenied|not authorized/i.test(detail) ? deniedReason('sts:AssumeRole', detail) : `sts:AssumeRole: ${detail}`;
  return `the role ${role.roleArn} could not be assumed (${why})`;
}
