import assert from 'node:assert/strict';
import { ObservationLog } from '../../../src/core/optimizer/observationLog';
import { rankCandidates } from '../../../src/core/optimizer/portfolio';
import { leaderDecided, reevaluation, type ReevaluationInput } from '../../../src/core/optimizer/reevaluation';

/** A log with one evaluation of 20 examples per (candidate, correct) pair, in the race phase. */
function input(results: [number, number][], onlyIfContested: boolean): ReevaluationInput {
  const log = new ObservationLog(10);
  for (const [candidate, correct] of results) {
    log.markAsked(candidate, 1);
    log.record({ candidate, correct, total: 20 });
  }
  log.spent = 90;
  const score = (i: number): number => log.mean(i);
  return {
    log,
    ranked: rankCandidates(log, score),
    score,
    busy: () => false,
    budget: 100,
    valSize: 20,
    leaderEvaluations: 3,
    reevaluateRepeats: 1,
    raceShare: 0.15,
    raceSize: 5,
    priorWeight: 0,
    onlyIfContested,
  };
}

describe('re-evaluation only where it can change the decision', () => {
  // A needle: 20/20 against at best 12/20.
  const needle: [number, number][] = [[0, 20], [1, 12], [2, 11], [3, 9], [4, 8], [5, 4]];
  // A close race: 15/20 against 14/20.
  const close: [number, number][] = [[0, 15], [1, 14], [2, 11], [3, 9], [4, 8]];

  it('calls a needle decided and a close race contested', () => {
    assert.equal(leaderDecided(input(needle, true)), true);
    assert.equal(leaderDecided(input(close, true)), false);
  });

  it('spends no query on a decided leader, but races a contested one', () => {
    assert.equal(reevaluation(input(needle, true)), undefined);
    assert.equal(reevaluation(input(close, true))?.reason, 'reevaluate');
  });

  it('races regardless without the option (the previous behaviour)', () => {
    assert.equal(reevaluation(input(needle, false))?.candidate, 0);
  });
});
