/**
 * How a denied AWS call is told, from the collector that met it to the result that could not be
 * judged: the reason of the unknown fact names the IAM action in one fixed phrase, which the
 * engine reads back to point the result's remediation at the missing permission.
 */

const ACTION = /^[a-z0-9-]+:[A-Za-z0-9]+$/;
const DENIED = /\baccess to ([a-z0-9-]+:[A-Za-z0-9]+) was denied\b/g;

/** The reason a denied call leaves a fact unknown: `access to kms:DescribeKey was denied: <what AWS said>`. */
export function deniedReason(action: string | undefined, detail: string): string {
  const what = action !== undefined && ACTION.test(action) ? `access to ${action} was denied` : 'access was denied';
  return detail === '' ? what : `${what}: ${detail}`;
}

/** The IAM actions a text (a fact's reason, a result's message) says were denied, each once, in order. */
export function deniedActions(text: string): string[] {
  return [...new Set([...text.matchAll(DENIED)].map((m) => m[1] as string))];
}
