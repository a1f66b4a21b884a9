/**
 * Output names come in every casing (`DataBucketName`, `data_bucket_name`, `data-bucket-name`,
 * `DBPassword`). Both secret detection and discovery's key-name hints read them as words.
 */

/** Splits a name into lower-case words at case changes, acronyms, digits-to-letters and separators. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w.length > 0)
    .map((w) => w.toLowerCase());
}
