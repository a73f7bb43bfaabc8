/**
 * The provider's Batch API through the `openai` client: upload a JSONL input file (files
 * API, purpose "batch"), create a batch on /v1/chat/completions with a 24 h completion
 * window, retrieve it, read its output and error files. Every call is one attempt (the
 * collector retries); its errors are classified like a chat call's, and an endpoint that
 * has no Batch API (404 on /files or /batches) gets a message that says so and names it.
 * The client uses the runtime's fetch: multipart uploads are beyond nodeFetch.ts, and a
 * batch run makes a handful of these calls, not thousands.
 */
import OpenAI, { toFile } from 'openai';
import { classifyError, type ClassifiedError } from '../llm/errorClassifier';
import { redactSecrets } from '../llm/secretRedaction';
import type { BatchStatus } from './batchTypes';

/** A Batch API call that failed, classified. */
export class BatchApiError extends Error {
  override readonly name = 'BatchApiError';

  constructor(readonly classified: ClassifiedError) {
    super(classified.message);
  }
}

/** Options of {@link BatchApi}. */
export interface BatchApiOptions {
  readonly apiKey: string;
  readonly baseUrl: string | undefined;
  /** Shown in messages: the base URL without credentials. */
  readonly endpoint: string;
  /** Per-call timeout. */
  readonly timeoutMs: number;
}

/** Thin, classified wrappers of the five Batch API calls. */
export class BatchApi {
  readonly #apiKey: string;
  readonly #client: OpenAI;
  readonly endpoint: string;

  constructor(options: BatchApiOptions) {
    this.#apiKey = options.apiKey;
    this.endpoint = options.endpoint;
    this.#client = new OpenAI({
      apiKey: options.apiKey,
      ...(options.baseUrl ? { baseURL: options.baseUrl } : {}),
      maxRetries: 0,
      timeout: options.timeoutMs,
      dangerouslyAllowBrowser: false,
      logLevel: 'off',
    });
  }

  /** Uploads a JSONL input file; its id. */
  upload(jsonl: string, filename: string, signal?: AbortSignal): Promise<string> {
    return this.call('POST /files', async () => {
      const file = await toFile(Buffer.from(jsonl, 'utf8'), filename, { type: 'application/jsonl' });
      const created = await this.#client.files.create({ file, purpose: 'batch' }, { signal: signal ?? null });
      return created.id;
    });
  }

  /** Creates a batch of chat completions over an uploaded file. */
  create(inputFileId: string, signal?: AbortSignal): Promise<BatchStatus> {
    return this.call('POST /batches', async () => {
      const batch = await this.#client.batches.create(
        { input_file_id: inputFileId, endpoint: '/v1/chat/completions', completion_window: '24h', metadata: { source: 'zopo' } },
        { signal: signal ?? null },
      );
      return statusOf(batch);
    });
  }

  retrieve(batchId: string, signal?: AbortSignal): Promise<BatchStatus> {
    return this.call(`GET /batches/${batchId}`, async () => statusOf(await this.#client.batches.retrieve(batchId, { signal: signal ?? null })));
  }

  /** The batch created over `inputFileId` among the newest `scan` batches, if any (a crash between create and the ledger). */
  findByInputFile(inputFileId: string, scan = 1000): Promise<BatchStatus | undefined> {
    return this.call('GET /batches', async () => {
      let seen = 0;
      for await (const batch of this.#client.batches.list({ limit: 100 })) {
        if (batch.input_file_id === inputFileId) return statusOf(batch);
        if (++seen >= scan) break;
      }
      return undefined;
    });
  }

  /** Asks the endpoint to stop a batch (its finished lines stay in its output file). */
  cancel(batchId: string): Promise<BatchStatus> {
    return this.call(`POST /batches/${batchId}/cancel`, async () => statusOf(await this.#client.batches.cancel(batchId)));
  }

  /** The text of an output or error file. */
  content(fileId: string, signal?: AbortSignal): Promise<string> {
    return this.call(`GET /files/${fileId}/content`, async () => {
      const response = await this.#client.files.content(fileId, { signal: signal ?? null });
      return response.text();
    });
  }

  private async call<T>(what: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof Error && error.name === 'AbortError') throw error;
      const raw = classifyError(error);
      const missing = raw.kind === 'notFound' && (what === 'POST /files' || what === 'POST /batches');
      const message = missing
        ? `${this.endpoint} has no Batch API: ${what} answered 404 (${raw.message}); run without --batch (zopo.useBatchApi off) for this endpoint`
        : `${this.endpoint}: ${what} failed: ${raw.message}`;
      throw new BatchApiError({ ...raw, message: redactSecrets(message, this.#apiKey) });
    }
  }
}

function statusOf(batch: OpenAI.Batches.Batch): BatchStatus {
  const counts = batch.request_counts;
  const errors = (batch.errors?.data ?? []).map((e) => `${e.code ?? 'error'}: ${e.message ?? ''}${e.line === undefined || e.line === null ? '' : ` (line ${e.line})`}`);
  return {
    id: batch.id,
    status: batch.status,
    outputFileId: batch.output_file_id ?? undefined,
    errorFileId: batch.error_file_id ?? undefined,
    total: counts?.total ?? 0,
    completed: counts?.completed ?? 0,
    failed: counts?.failed ?? 0,
    errors,
  };
}
