/**
 * Output names come in every casing (`DataBucketName`, `data_bucket_name`, `data-bucket-name`,
 * `DBPassword`). Both secret detection and discovery's key-name hints read them as words.
 */

/**
 * The hash CDK appends to a construct path's logical id (`DataLakeDataBucketName6945904F`): eight
 * upper-case hex digits after a lower-case letter or digit, at the end of the name.
 */
const CDK_HASH = /(?<=[a-z0-9])[0-9A-F]{8}$/;

/** The name without CDK's logical-id hash. */
export function withoutCdkHash(name: string): string {
  // Only where the hash holds a digit and a letter: `ABCDEFGH` alone is an acronym, `12345678` a number.
  const m = CDK_HASH.exec(name);
  return m && /[0-9]/.test(m[0]) && /[A-F]/.test(m[0]) ? name.slice(0, m.index) : name;
}

/** Splits a name into lower-case words at case changes, acronyms, digits-to-letters and separators. */
export function nameWords(name: string): string[] {
  return withoutCdkHash(name)
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w.length > 0)
    .map((w) => w.toLowerCase());
}
