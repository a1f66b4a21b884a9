/** Shapes the command line and the config both check, kept apart so the CLI loads no schema library. */

/** An IAM role ARN in any partition: `arn:aws:iam::123456789012:role/path/name`. */
export const ROLE_ARN = /^arn:aws(?:-[a-z]+)*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

/** What STS accepts as a role session name. */
export const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

/** The account id in a role ARN. */
export function accountOfRole(roleArn: string): string | undefined {
  return /^arn:[^:]+:iam::(\d{12}):/.exec(roleArn)?.[1];
}
