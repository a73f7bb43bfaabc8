/** The search methods the benchmark can run, by the names used on the command line. */
import { createGpUcb } from '../core/optimizer/baselines/gpUcb';
import { createRandomRace } from '../core/optimizer/baselines/randomRace';
import { createRandomSearch } from '../core/optimizer/baselines/randomSearch';
import { createZopo } from '../core/optimizer/zopo';
import type { MethodFactory } from './harness';

/**
 * Method factories by name: our ZOPO, the reference-defaults preset, and three baselines
 * (random search; random on 80% of the budget, then the top five raced; GP-UCB).
 */
export const METHODS: Readonly<Record<string, MethodFactory>> = {
  zopo: (settings) => createZopo(settings, 'zopo'),
  'zopo-paper': (settings) => createZopo(settings, 'paper'),
  random: (settings) => createRandomSearch(settings),
  'random-race': (settings) => createRandomRace(settings),
  'gp-ucb': (settings) => createGpUcb(settings),
};

/** Every method name, in the order tables list them. */
export const METHOD_NAMES: readonly string[] = Object.keys(METHODS);

/** The factory for `name`; throws naming the known methods when there is none. */
export function methodFactory(name: string): MethodFactory {
  const f = METHODS[name];
  if (!f) throw new Error(`unknown method "${name}" (known: ${METHOD_NAMES.join(', ')})`);
  return f;
}
