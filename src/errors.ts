/**
 * Typed errors. Code below the CLI throws these; only `cli.ts` catches them and exits.
 * Every message is one human sentence that names the file or flag and says what to do.
 */
export class PostflightError extends Error {
  readonly exitCode: number = 2;
  override name = 'PostflightError';
}

/** The outputs file (or another input) is missing, unreadable or malformed. */
export class InputError extends PostflightError {
  override name = 'InputError';
}

/** The config file or a check module is invalid. */
export class ConfigError extends PostflightError {
  override name = 'ConfigError';
}

/** A wrong flag or argument. */
export class UsageError extends PostflightError {
  override name = 'UsageError';
}

/** AWS credentials are missing or expired: nothing can be verified. */
export class CredentialsError extends PostflightError {
  override name = 'CredentialsError';
}
