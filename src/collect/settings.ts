/** Credentials as the SDK's clients take them (a provider they call, and cache, per request). */
export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}
export type CredentialsProvider = () => Promise<Credentials>;

/** How the run talks to AWS. Kept apart from the context so that reading it loads no HTTP stack. */
export interface AwsSettings {
  /** The run's region, for resources whose outputs carry none. Undefined: the SDK's own chain decides. */
  region?: string;
  profile?: string;
  /** Points every client at an emulator (moto, LocalStack). */
  endpointUrl?: string;
  /** Attempts per call, including the first, under the SDK's adaptive retry. */
  maxAttempts: number;
  /** Time allowed for one API call, retries included. */
  callTimeoutMs: number;
  /**
   * Calls in flight at once to each service. Each account of a run has its own context, so one
   * account's or one service's throttling never holds up another's calls.
   */
  concurrency: number;
  /** Credentials to use instead of the SDK's default chain: an assumed role's, refreshed before they expire. */
  credentials?: CredentialsProvider;
  /** Told when each AWS call is issued and when it settles (for a progress line); never changes a call. */
  onCall?: (event: 'start' | 'end', action: string) => void;
}

export const DEFAULT_AWS_SETTINGS: AwsSettings = { maxAttempts: 4, callTimeoutMs: 20_000, concurrency: 16 };
