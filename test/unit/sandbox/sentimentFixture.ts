/** A small generated sentiment dataset for sandbox and client tests. */
import type { SandboxDataset } from '../../../src/core/sandbox/sandboxTypes';

const GOOD = ['wonderful', 'moving', 'sharp', 'delightful', 'gripping'];
const BAD = ['dull', 'clumsy', 'tedious', 'shallow', 'noisy'];

/** `n` reviews, alternating positive and negative, each input unique. */
export function sentimentDataset(n = 200): SandboxDataset {
  const items = Array.from({ length: n }, (_, i) => {
    const positive = i % 2 === 0;
    const words = positive ? GOOD : BAD;
    const word = words[i % words.length] ?? 'plain';
    return { input: `Review ${i}: a ${word} film, scene ${i * 7}.`, output: positive ? 'positive' : 'negative' };
  });
  return {
    name: 'sentiment',
    items,
    keywords: ['sentiment', 'review'],
    description: 'classify the sentiment of the movie review',
  };
}

/** A chat request for one item under an instruction (system message + the input). */
export function itemMessages(instruction: string, input: string): { role: 'system' | 'user'; content: string }[] {
  return [
    { role: 'system', content: instruction },
    { role: 'user', content: `Input: ${input}\nOutput:` },
  ];
}
