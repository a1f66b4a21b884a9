/** `verify` and `discover`, and what the command line shares with them: the library's entry to a run. */
export { verify, discoverCommand } from './verify.js';
export { DEFAULT_JSON, DEFAULT_JUNIT, DEFAULT_OUTPUTS, STEP_SUMMARY_ENV, selectChecks, type CommonOptions, type VerifyOptions } from './plan/plan.js';
export { checksMarkdown, frameworksMarkdown, listChecksCommand } from './engine/list.js';
