const path = require('path');
const Sequencer = require('@jest/test-sequencer').default;

/**
 * The lanes (test/cluster/<platform>.cluster.ts) start longest first, so that the workers free up
 * together at the end rather than one long lane starting last. Measured in full runs.
 */
const LONGEST_FIRST = ['wallet', 'deltran-mvp', 'recon', 'vatic-prop', 'deltran-core'];

class LaneSequencer extends Sequencer {
  sort(tests) {
    const rank = (test) => {
      const index = LONGEST_FIRST.indexOf(path.basename(test.path, '.cluster.ts'));
      return index < 0 ? LONGEST_FIRST.length : index;
    };
    return [...tests].sort((a, b) => rank(a) - rank(b) || a.path.localeCompare(b.path));
  }
}

module.exports = LaneSequencer;
module.exports.LONGEST_FIRST = LONGEST_FIRST;
