/**
 * The run's input domain: the candidate pool (the original first, always), its embeddings
 * (an embedding endpoint, or local lexical ones), near-duplicates removed in embedding
 * space, and a 2-D PCA projection of each candidate for the panel's map.
 */
import type { GenerationOptions, GenerationResult } from '../candidates/candidateGenerator';
import { dedupeByEmbedding } from '../candidates/embeddingDedupe';
import type { Example } from '../data/datasetTypes';
import { LexicalEmbedder } from '../llm/lexicalEmbedding';
import type { LlmClient } from '../llm/llmClient';
import { pcaProject } from '../optimizer/pca';
import type { EmbeddingPool } from '../optimizer/types';
import type { CandidatesFile } from './runFileTypes';
import type { CandidateInfo } from './runEvents';

/** Generates a pool (candidateGenerator.ts's `generateCandidates`, or a test's stand-in). */
export type CandidateGenerator = (options: GenerationOptions) => Promise<GenerationResult>;

/** What building the pool needs. */
export interface PoolInputs {
  readonly original: string;
  readonly demos: readonly Example[];
  readonly llm: LlmClient;
  /** The model that writes the candidates; absent: the client's chat model. */
  readonly generatorModel?: string;
  readonly generate: CandidateGenerator;
  readonly candidateCount: number;
  readonly seed: number;
  readonly embeddingModel: string;
  readonly dedupeThreshold: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (made: number, target: number) => void;
  readonly onPhase: (phase: 'generating' | 'embedding') => void;
  readonly warn: (message: string) => void;
}

/** The finished pool: what candidates.json holds, and the embeddings the search runs on. */
export interface BuiltPool {
  readonly file: CandidatesFile;
  readonly pool: EmbeddingPool;
}

/** The client's chat with every request sent to the writer model (a request naming its own model keeps it). */
function writerClient(llm: LlmClient, model: string | undefined): Pick<LlmClient, 'chat'> {
  if (model === undefined || model === '') return llm;
  return { chat: (request, signal) => llm.chat({ model, ...request }, signal) };
}

/** Generates, embeds, de-duplicates and projects the pool. Undefined when cancelled. */
export async function buildCandidatePool(inputs: PoolInputs): Promise<BuiltPool | undefined> {
  inputs.onPhase('generating');
  const generated = await inputs.generate({
    original: inputs.original,
    demos: inputs.demos,
    llm: writerClient(inputs.llm, inputs.generatorModel),
    targetCount: inputs.candidateCount + 1,
    seed: inputs.seed,
    ...(inputs.signal === undefined ? {} : { signal: inputs.signal }),
    ...(inputs.onProgress === undefined ? {} : { onProgress: inputs.onProgress }),
  });
  if (inputs.signal?.aborted === true) return undefined;
  if (generated.failedCalls > 0) inputs.warn(`${generated.failedCalls} of ${generated.calls} candidate-generation calls failed`);
  const texts = poolTexts(inputs.original, generated);
  inputs.onPhase('embedding');
  const embedded = await embedTexts(texts, inputs);
  if (embedded === undefined) return undefined;
  const kept = dedupeByEmbedding(embedded.data, embedded.dim, inputs.dedupeThreshold, 1);
  const pool = selectRows(embedded.data, embedded.dim, kept);
  const xy = projectTo2d(pool, inputs.seed);
  const candidates: CandidateInfo[] = kept.map((row, id) => ({
    id,
    text: texts[row]?.text ?? '',
    origin: texts[row]?.origin ?? 'induction',
    xy: [xy[id * 2] ?? 0, xy[id * 2 + 1] ?? 0],
  }));
  const { calls, rejected, failedCalls } = generated;
  const duplicates = generated.duplicates + (texts.length - kept.length);
  return { file: { candidates, embedding: embedded.kind, dim: embedded.dim, generation: { calls, rejected, duplicates, failedCalls } }, pool };
}

/** The original as candidate 0 whatever the generator returned, then the others once each. */
function poolTexts(original: string, generated: GenerationResult): { text: string; origin: string }[] {
  const out = [{ text: original, origin: 'original' }];
  const seen = new Set([original]);
  for (const c of generated.candidates) {
    if (c.origin === 'original' || seen.has(c.text)) continue;
    seen.add(c.text);
    out.push({ text: c.text, origin: c.origin });
  }
  return out;
}

interface Embedded {
  readonly data: Float32Array;
  readonly dim: number;
  readonly kind: string;
}

/** Endpoint embeddings when configured and working; otherwise local lexical ones, with a warning. */
async function embedTexts(texts: readonly { text: string }[], inputs: PoolInputs): Promise<Embedded | undefined> {
  const strings = texts.map((t) => t.text);
  if (inputs.embeddingModel !== '') {
    const result = await inputs.llm.embed(strings, inputs.signal);
    if (result.status === 'cancelled') return undefined;
    const dim = result.status === 'ok' ? (result.value.vectors[0]?.length ?? 0) : 0;
    if (result.status === 'ok' && dim > 0 && result.value.vectors.every((v) => v.length === dim)) {
      const data = new Float32Array(strings.length * dim);
      result.value.vectors.forEach((v, i) => data.set(v, i * dim));
      return { data, dim, kind: `endpoint:${inputs.embeddingModel}` };
    }
    const why = result.status === 'failed' ? result.failure.message : 'the vectors have no consistent dimension';
    inputs.warn(`embedding model "${inputs.embeddingModel}" failed (${why}): using local lexical embeddings instead`);
  }
  const embedder = LexicalEmbedder.fit(strings);
  return { data: embedder.embedAll(strings), dim: embedder.dim, kind: 'lexical' };
}

function selectRows(data: Float32Array, dim: number, rows: readonly number[]): EmbeddingPool {
  const out = new Float32Array(rows.length * dim);
  rows.forEach((row, i) => out.set(data.subarray(row * dim, (row + 1) * dim), i * dim));
  return { n: rows.length, dim, data: out };
}

/** Row-major n x 2 coordinates; a pool too small for PCA sits on a line. */
function projectTo2d(pool: EmbeddingPool, seed: number): Float64Array {
  if (pool.n >= 3 && pool.dim >= 2) return pcaProject(pool, 2, seed);
  const out = new Float64Array(pool.n * 2);
  for (let i = 0; i < pool.n; i++) out[i * 2] = i;
  return out;
}
