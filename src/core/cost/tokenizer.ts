/**
 * The gpt-tokenizer module, loaded on first use: its o200k table is megabytes of data, so it
 * is kept out of start-up (and, in the bundles, in a file of its own: dist/tokenizer.js).
 */
type Tokenizer = typeof import('gpt-tokenizer');

let loaded: Tokenizer | undefined;

export function tokenizer(): Tokenizer {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a deliberate lazy load
  loaded ??= require('gpt-tokenizer') as Tokenizer;
  return loaded;
}
