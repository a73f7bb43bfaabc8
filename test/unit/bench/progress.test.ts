import assert from 'node:assert/strict';
import { ProgressBar } from '../../../src/bench/progress';

function fakeStream(isTTY: boolean, columns = 100): { stream: NodeJS.WriteStream; written: string[] } {
  const written: string[] = [];
  const stream = { isTTY, columns, write: (s: string) => written.push(s) > 0 };
  return { stream: stream as unknown as NodeJS.WriteStream, written };
}

describe('bench progress bar', () => {
  it('draws on a terminal and clears the line at the end', () => {
    const { stream, written } = fakeStream(true);
    const bar = new ProgressBar(200, stream);
    bar.setLabel('smooth random seed 1/2');
    bar.advance(100);
    bar.setLabel('smooth random seed 2/2');
    bar.finish();
    assert.match(written[0] ?? '', /\[-{30}\] +0% smooth random seed 1\/2/);
    assert.match(written[1] ?? '', /\[#{15}-{15}\] +50% smooth random seed 2\/2/);
    assert.equal(written.at(-1), '\r\x1b[2K');
  });

  it('cuts the line to the terminal width', () => {
    const { stream, written } = fakeStream(true, 40);
    new ProgressBar(10, stream).setLabel('a label far too long to fit in forty columns');
    assert.equal((written[0] ?? '').replace('\r\x1b[2K', '').length, 39);
  });

  it('writes nothing when the stream is not a terminal', () => {
    const { stream, written } = fakeStream(false);
    const bar = new ProgressBar(10, stream);
    bar.setLabel('x');
    bar.advance(10);
    bar.finish();
    assert.deepEqual(written, []);
  });
});
