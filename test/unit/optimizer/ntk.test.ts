import assert from 'node:assert/strict';
import { ReluNtk } from '../../../src/core/optimizer/ntk';
import { Rng } from '../../../src/core/optimizer/random';
import { assertClose, numericGradient, randomMatrix } from './helpers';

describe('ReluNtk', () => {
  const shapes = [
    { inputDim: 5, width: 7, depth: 2, seed: 3 },
    { inputDim: 4, width: 6, depth: 3, seed: 9 },
    { inputDim: 3, width: 5, depth: 1, seed: 1 },
  ];

  for (const shape of shapes) {
    describe(`depth ${shape.depth}, width ${shape.width}`, () => {
      const ntk = new ReluNtk(shape);
      const rng = new Rng(42 + shape.depth);
      const xs = [0, 1, 2].map(() => randomMatrix(rng, 1, shape.inputDim));

      it('has a parameter Jacobian equal to finite differences of f in the parameters', () => {
        const theta = ntk.parameters();
        const x = xs[0]!;
        const f = (t: Float64Array): number => {
          const net = new ReluNtk({ ...shape, parameters: t });
          return net.output(net.features(x));
        };
        assertClose(ntk.parameterGradient(ntk.features(x)), numericGradient(f, theta), 1e-6, 'J');
      });

      it('computes k(x, x\') as the dot product of explicit Jacobians', () => {
        for (const a of xs) for (const b of xs) {
          const fa = ntk.features(a);
          const fb = ntk.features(b);
          const ja = ntk.parameterGradient(fa);
          const jb = ntk.parameterGradient(fb);
          let dot = 0;
          for (let i = 0; i < ja.length; i++) dot += ja[i]! * jb[i]!;
          assertClose([ntk.kernel(fa, fb)], [dot], 1e-12, 'k');
        }
      });

      it('has grad_x k(x, x\') equal to central finite differences', () => {
        const b = ntk.features(xs[1]!);
        const x = xs[0]!;
        const numeric = numericGradient((v) => ntk.kernel(ntk.features(v), b), x);
        assertClose(ntk.inputGradient(ntk.features(x), b), numeric, 1e-6, 'grad k');
      });

      it('sums weighted input gradients linearly', () => {
        const bs = xs.map((v) => ntk.features(v));
        const w = [0.3, -1.2, 2.5];
        const x = randomMatrix(rng, 1, shape.inputDim);
        const f = (v: Float64Array): number => {
          const fv = ntk.features(v);
          return bs.reduce((s, b, i) => s + w[i]! * ntk.kernel(fv, b), 0);
        };
        assertClose(ntk.weightedInputGradient(ntk.features(x), bs, w), numericGradient(f, x), 1e-6, 'sum grad');
      });
    });
  }

  it('is a fixed function of its seed', () => {
    const a = new ReluNtk({ inputDim: 4, width: 8, depth: 2, seed: 0 });
    const b = new ReluNtk({ inputDim: 4, width: 8, depth: 2, seed: 0 });
    const c = new ReluNtk({ inputDim: 4, width: 8, depth: 2, seed: 1 });
    const x = Float64Array.from([0.1, 0.5, 0.9, 0.3]);
    assert.equal(a.kernel(a.features(x), a.features(x)), b.kernel(b.features(x), b.features(x)));
    assert.notEqual(a.kernel(a.features(x), a.features(x)), c.kernel(c.features(x), c.features(x)));
  });
});
