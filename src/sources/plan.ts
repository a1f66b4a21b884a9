/**
 * Terraform / OpenTofu plans, told apart from states: a plan says what an apply would do, not what
 * is deployed, so it is never read as a stack's record. Two forms exist: the binary plan file
 * (`terraform plan -out FILE`, a zip archive holding `tfplan`, the prior state and the
 * configuration) and its JSON (`terraform show -json FILE`: `planned_values`, `resource_changes`,
 * `configuration`, and no `values`). Pure: bytes or parsed JSON in, a verdict out.
 */

export type PlanKind = 'binary-plan' | 'json-plan' | 'plan-log';

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/** A binary plan file: a zip archive with a `tfplan` entry (names are stored uncompressed in the archive). */
export function isBinaryPlan(bytes: Uint8Array): boolean {
  if (bytes.length < 4 || ZIP_MAGIC.some((b, i) => bytes[i] !== b)) return false;
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes('tfplan');
}

/** Any zip archive (a plan without the entry name where expected, or another archive). */
export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && ZIP_MAGIC.every((b, i) => bytes[i] === b);
}

/** The keys only a plan's JSON has at its top level. */
const PLAN_KEYS = ['planned_values', 'resource_changes', 'output_changes', 'prior_state', 'configuration', 'resource_drift'] as const;

/**
 * The JSON of a plan (`terraform show -json PLANFILE`), from its top-level keys: a format version,
 * a plan's own sections, and no `values` (which the JSON of a state has).
 */
export function isPlanJson(doc: unknown): boolean {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return false;
  const keys = doc as Record<string, unknown>;
  return 'format_version' in keys && !('values' in keys) && PLAN_KEYS.some((k) => k in keys);
}

/**
 * The machine-readable log of `terraform plan -json` / `apply -json`: one JSON object a line, the
 * first saying which Terraform wrote it (`{"@level":"info","@message":"Terraform 1.11.4",…,"type":"version"}`).
 */
export function isPlanLog(text: string): boolean {
  const first = text.trimStart().split('\n', 1)[0] ?? '';
  if (!first.startsWith('{')) return false;
  try {
    const line = JSON.parse(first) as Record<string, unknown>;
    return typeof line['@level'] === 'string' && typeof line['@message'] === 'string' && typeof line.type === 'string';
  } catch {
    return false;
  }
}

/** The input error's sentence for a plan passed where a state belongs. */
export function planAsStateMessage(file: string, kind: PlanKind, flag = '--state'): string {
  const what =
    kind === 'binary-plan'
      ? 'a Terraform plan file (`terraform plan -out`)'
      : kind === 'plan-log'
        ? 'the log of `terraform plan -json` (one message a line)'
        : 'the JSON of a Terraform plan (`terraform show -json` of a plan file)';
  return `State file ${file} is ${what}, which says what an apply would do, not what is deployed; pass the state to ${flag} instead (\`terraform state pull > terraform.tfstate\`, or \`terraform show -json > state.json\` with no plan file).`;
}
