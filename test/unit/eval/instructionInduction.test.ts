import { SHARED_DATA } from '../sharedData';
import assert from 'node:assert/strict';
import { loadDataset } from '../../../src/core/data/datasetLoader';
import { createScorer, scoreOutputs } from '../../../src/core/eval/metrics';
import { labelsFromOutputs } from '../../../src/core/eval/structuredMetrics';

const DATA = SHARED_DATA;

describe('metrics on instruction-induction data', () => {
  it('scores perfect answers 1 and shuffled answers lower on the sum task', async () => {
    const ds = await loadDataset(`${DATA}/sum.test.jsonl`);
    const scorer = await createScorer({ name: 'exact' }, { allowCustomCode: false });
    const perfect = await scoreOutputs(scorer, ds.examples.map((example) => ({ output: `${example.output}\n(explanation)`, example })));
    assert.equal(perfect.mean, 1);
    const shifted = await scoreOutputs(scorer, ds.examples.map((example, i) => ({ output: ds.examples[(i + 1) % ds.examples.length]?.output ?? '', example })));
    assert.ok(shifted.mean < 0.2, `mean ${shifted.mean}`);
  });

  it('derives sentiment labels from the data and reads the first label in each output', async () => {
    const ds = await loadDataset(`${DATA}/sentiment.train.jsonl`);
    const labels = labelsFromOutputs(ds.examples.map((e) => e.output));
    assert.deepEqual([...labels].sort(), ['negative', 'positive']);
    const scorer = await createScorer({ name: 'label', labels }, { allowCustomCode: false });
    const batch = await scoreOutputs(scorer, ds.examples.slice(0, 10).map((example) => ({ output: `The sentiment is ${example.output}, clearly.`, example })));
    assert.equal(batch.mean, 1);
  });
});
