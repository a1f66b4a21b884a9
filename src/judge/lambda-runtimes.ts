/**
 * Lambda's managed runtimes and the date AWS deprecates each: from then on AWS applies no security
 * patches to it and functions on it lose technical support (creating and then updating such
 * functions is blocked some weeks later). Source: the "Lambda runtimes" page of the AWS Lambda
 * Developer Guide (supported runtimes with their projected deprecation dates, and deprecated
 * runtimes), as published on `RUNTIME_TABLE_DATE`. AWS moves projected dates now and then and adds
 * runtimes: update the table (and its date) from that page; a runtime not in it is reported as
 * unknown to the table, never as supported.
 */

/** The day the table was last read from AWS's page. */
export const RUNTIME_TABLE_DATE = '2026-02-10';

/** Runtime identifier → deprecation date (YYYY-MM-DD). */
export const LAMBDA_RUNTIME_DEPRECATION: Readonly<Record<string, string>> = {
  // Supported, with AWS's projected deprecation date.
  'nodejs24.x': '2028-04-30',
  'nodejs22.x': '2027-04-30',
  'nodejs20.x': '2026-04-30',
  'python3.14': '2029-06-30',
  'python3.13': '2029-06-30',
  'python3.12': '2028-10-31',
  'python3.11': '2026-06-30',
  'python3.10': '2026-06-30',
  java25: '2029-06-30',
  java21: '2029-06-30',
  java17: '2026-06-30',
  java11: '2026-06-30',
  'java8.al2': '2026-06-30',
  dotnet10: '2028-11-14',
  dotnet8: '2026-11-10',
  'ruby3.4': '2028-03-31',
  'ruby3.3': '2027-03-31',
  'ruby3.2': '2026-03-31',
  'provided.al2023': '2029-06-30',
  'provided.al2': '2026-06-30',
  // Deprecated.
  'nodejs18.x': '2025-09-01',
  'python3.9': '2025-12-15',
  'python3.8': '2024-10-14',
  'nodejs16.x': '2024-06-12',
  dotnet6: '2024-11-12',
  dotnet7: '2024-05-14',
  java8: '2024-01-08',
  'go1.x': '2024-01-08',
  provided: '2024-01-08',
  'ruby2.7': '2023-12-07',
  'nodejs14.x': '2023-12-04',
  'python3.7': '2023-12-04',
  'dotnetcore3.1': '2023-04-03',
  'nodejs12.x': '2023-03-31',
  'python3.6': '2022-07-18',
  'dotnet5.0': '2022-05-10',
  'dotnetcore2.1': '2022-01-05',
  'nodejs10.x': '2021-07-30',
  'ruby2.5': '2021-07-30',
  'python2.7': '2021-07-15',
  'nodejs8.10': '2020-03-06',
  'nodejs4.3': '2020-03-05',
  'nodejs4.3-edge': '2020-03-05',
  'nodejs6.10': '2019-08-12',
  'dotnetcore1.0': '2019-07-30',
  'dotnetcore2.0': '2019-05-30',
  nodejs: '2016-10-31',
};

const DAY_MS = 86_400_000;

/** Days from `from` to `to` (both YYYY-MM-DD, UTC); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  const parse = (d: string) => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(d);
    if (!m) throw new Error(`${d} is not a date YYYY-MM-DD`);
    return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  };
  return Math.round((parse(to) - parse(from)) / DAY_MS);
}
