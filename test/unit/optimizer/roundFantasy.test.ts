import assert from 'node:assert/strict';
import { BlendedMetric } from '../../../src/core/optimizer/blendedMetric';
import { GlobalGp } from '../../../src/core/optimizer/globalGp';
import { Rng } from '../../../src/core/optimizer/random';
import { RoundFantasy } from '../../../src/core/optimizer/roundFantasy';
import { SearchSpace } from '../../../src/core/optimizer/searchSpace';
import { randomMatrix } from './helpers';

describe('RoundFantasy (kriging believer for a batched round)', () => {
  const rng = new Rng(7);
  const space = new SearchSpace(40, 3, randomMatrix(rng, 40, 3));
  const rows: [number, number, number][] = [[1, 0.6, 0.01], [8, 0.3, 0.01], [20, 0.8, 0.02], [33, 0.5, 0.005]];

  function fitted(extra: [number, number, number][] = []): GlobalGp {
    const gp = new GlobalGp(new BlendedMetric(space, undefined), 100);
    for (const r of rows) gp.add(...r);
    gp.refit();
    for (const r of extra) gp.add(...r);
    return gp;
  }

  it('gives the variance of the GP with the fantasies appended as rows', () => {
    const gp = fitted();
    const nugget = gp.nuggetVariance;
    const noise = 0.012;
    const fantasy = new RoundFantasy(gp, space.n, noise + nugget);
    const picks = [5, 20, 27];
    for (const f of picks) fantasy.add(f);
    // The same model with the picks really observed (at their posterior means: kriging believer);
    // the variance does not depend on the values observed.
    const believer = fitted(picks.map((f) => [f, gp.mean(f), noise]));
    for (let i = 0; i < space.n; i++) {
      assert.ok(Math.abs(fantasy.variance(i) - believer.variance(i)) < 1e-9, `variance at ${i}`);
    }
    assert.equal(fantasy.size, 3);
    assert.ok(fantasy.variance(5) < gp.variance(5), 'a fantasised point loses variance');
  });
});
