/**
 * Jest's test order: the files that drive Terraform or the CDKTF toolchain start first, longest
 * first, then the rest in Jest's own order (the last run's failures, then the slowest by Jest's
 * cache, else the largest). On a clean checkout Jest's cache is empty and it would order by file
 * size alone, which can leave a three-minute file to start last and run on after the others.
 */
const Sequencer = require('@jest/test-sequencer').default;

/** Longest first, as measured on two cores. */
const FIRST = [
  'test/e2e/cdktf-pipeline.e2e.test.ts',
  'test/e2e/drift.e2e.test.ts',
  'test/e2e/pipeline-stack.e2e.test.ts',
  'test/e2e/terraform-state.e2e.test.ts',
  'test/e2e/demo.e2e.test.ts',
];

class FirstTheLongest extends Sequencer {
  sort(tests) {
    const ordered = super.sort(tests);
    const rank = (t) => FIRST.findIndex((f) => t.path.replace(/\\/g, '/').endsWith(f));
    const first = ordered.filter((t) => rank(t) >= 0).sort((a, b) => rank(a) - rank(b));
    return [...first, ...ordered.filter((t) => rank(t) < 0)];
  }
}

module.exports = FirstTheLongest;
