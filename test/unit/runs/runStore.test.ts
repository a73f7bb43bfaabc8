import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseRunRecord } from '../../../src/core/runs/runRecord';
import { listRuns } from '../../../src/core/runs/runStore';

function record(id: string, createdAt: string): object {
  return {
    id,
    createdAt,
    status: 'done',
    promptSource: 'prompts/a.prompt:1',
    datasetSource: 'data/a.jsonl',
    simulated: true,
    originalScore: 0.5,
    bestScore: 0.8,
    portfolio: [{ text: 'Better prompt', score: 0.8, testScore: 0.78 }],
  };
}

describe('run records', () => {
  let root: string;
  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'zopo-runs-'));
  });
  afterEach(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  it('lists runs newest first and reports unreadable ones with the file and reason', async () => {
    for (const [dir, body] of [
      ['old', JSON.stringify(record('old', '2026-01-01T00:00:00Z'))],
      ['new', JSON.stringify(record('new', '2026-02-01T00:00:00Z'))],
      ['broken', '{"id": '],
    ] as const) {
      await fs.mkdir(path.join(root, dir));
      await fs.writeFile(path.join(root, dir, 'run.json'), body);
    }
    await fs.mkdir(path.join(root, 'not-a-run'));
    const listing = await listRuns(root);
    assert.deepEqual(listing.runs.map((r) => r.id), ['new', 'old']);
    assert.equal(listing.unreadable.length, 1);
    assert.match(listing.unreadable[0]?.reason ?? '', /broken[/\\]run\.json: not valid JSON/);
  });

  it('treats a missing runs folder as no runs', async () => {
    assert.deepEqual(await listRuns(path.join(root, 'missing')), { runs: [], unreadable: [] });
  });

  it('names the field that is wrong', () => {
    assert.equal(parseRunRecord(JSON.stringify({ ...record('a', 'x'), status: 'odd' })), 'field "status" is not a known run status');
    assert.equal(parseRunRecord(JSON.stringify({ ...record('a', 'x'), id: 3 })), 'field "id" must be a string');
    assert.equal(parseRunRecord(JSON.stringify({ ...record('a', 'x'), portfolio: [{ text: 'p' }] })), 'portfolio[0] needs "text" and "score"');
    const ok = parseRunRecord(JSON.stringify(record('a', 'x')));
    assert.ok(typeof ok !== 'string');
    assert.equal(ok.portfolio[0]?.testScore, 0.78);
  });
});
