/**
 * For the pipeline benchmark: samples the main thread with V8's profiler and says whose code
 * the busy samples were in, by mapping each sampled position through the bundle's source map:
 * the pipeline's own code (src/ and the libraries it computes with), the `openai` SDK, Node's
 * HTTP/stream/runtime internals, and garbage collection. The profiler slows what it watches,
 * so these are upper bounds of the time each part takes without it.
 */
import { readFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { SourceMap } from 'node:module';

export type CodeOwner = 'pipeline' | 'openai SDK' | 'Node HTTP and runtime' | 'garbage collection' | 'other';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number; readonly columnNumber: number };
}

interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** Busy main-thread milliseconds by owner. */
export type Attribution = ReadonlyMap<CodeOwner, number>;

function ownerOfSource(source: string): CodeOwner {
  if (/node_modules\/openai\//.test(source)) return 'openai SDK';
  if (/(^|\/)(src|scripts)\//.test(source) || /node_modules\//.test(source)) return 'pipeline';
  return 'other';
}

function ownerOf(node: ProfileNode, bundle: string, map: SourceMap): CodeOwner {
  const { url, functionName, lineNumber, columnNumber } = node.callFrame;
  if (functionName === '(garbage collector)') return 'garbage collection';
  if (url.endsWith(bundle)) {
    const entry = map.findEntry(lineNumber, columnNumber);
    return ownerOfSource('originalSource' in entry ? entry.originalSource : '');
  }
  // Node's own modules, native code (writev, parse...), (program) and microtask runs.
  if (url.startsWith('node:') || url === '') return 'Node HTTP and runtime';
  return ownerOfSource(url);
}

/** Starts sampling every `intervalUs`; the returned function stops and attributes. */
export async function startAttribution(bundleFile: string, intervalUs = 1000): Promise<() => Promise<Attribution>> {
  const map = new SourceMap(JSON.parse(readFileSync(`${bundleFile}.map`, 'utf8')) as ConstructorParameters<typeof SourceMap>[0]);
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: intervalUs });
  await session.post('Profiler.start');
  return async () => {
    const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: Profile };
    session.disconnect();
    const owners = new Map<number, CodeOwner | 'idle'>();
    for (const node of profile.nodes) owners.set(node.id, node.callFrame.functionName === '(idle)' ? 'idle' : ownerOf(node, bundleFile, map));
    const busy = new Map<CodeOwner, number>();
    profile.samples.forEach((id, i) => {
      const owner = owners.get(id);
      if (owner === undefined || owner === 'idle') return;
      busy.set(owner, (busy.get(owner) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
    });
    return busy;
  };
}
