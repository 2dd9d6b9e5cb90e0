// Starts the longest test files first, so that two of them never end up side by side at the end
// of the run. Jest orders by the durations in its cache, and without a cache (a fresh clone, CI)
// by file size, which would put the short emulator test files, the longest to run, last.
const Sequencer = require('@jest/test-sequencer').default;

/** Longest first, as measured on 2 cores; the rest follow in Jest's own order. */
const LONGEST = [
  'e2e/emulator-full-feature.test.ts',
  'e2e/emulator-sandbox-cli.test.ts',
  'e2e/emulator-hcp-terraform.test.ts',
  'e2e/emulator-import.test.ts',
  'e2e/cdktf-synth.test.ts',
  'e2e/cdk-terrain.test.ts',
  'review/comment-size.test.ts',
  'e2e/review-cli.test.ts',
  'e2e/large-org.test.ts',
  'e2e/random-orgs.test.ts',
  'review/follow-folder.test.ts',
  'stacks/deploy.test.ts',
  'e2e/offline-plan.test.ts',
  'e2e/terraform-escaping.test.ts',
  'e2e/adversarial-names.test.ts',
];

class LongestFirst extends Sequencer {
  async sort(tests) {
    const sorted = await super.sort(tests);
    const rank = (test) => {
      const path = test.path.split('\\').join('/');
      const i = LONGEST.findIndex((suffix) => path.endsWith(`/__tests__/${suffix}`));
      return i < 0 ? LONGEST.length : i;
    };
    return sorted.map((test, i) => ({ test, i })).sort((a, b) => rank(a.test) - rank(b.test) || a.i - b.i).map(({ test }) => test);
  }
}

module.exports = LongestFirst;
