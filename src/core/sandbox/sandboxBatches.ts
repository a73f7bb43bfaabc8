/**
 * The sandbox's Batch API: POST /v1/files (multipart, purpose "batch"), GET /v1/files/{id}
 * and /v1/files/{id}/content, POST /v1/batches, GET /v1/batches (a list), GET /v1/batches/{id} and POST
 * /v1/batches/{id}/cancel, in OpenAI's shapes. A batch is answered by the same chat
 * responder as direct calls; it takes `latencyMs` to finish (its request counts grow on the
 * way), and can be scripted to expire (part of its lines done, the rest in the error file
 * with `batch_expired`), to fail validation, or to fail single lines. Every line submitted
 * is counted by its custom_id, so tests can assert that none is submitted twice.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ChatResponder } from './chatResponder';
import { sendError, sendJson, SIMULATED_HEADERS } from './sandboxHttp';
import { BadRequest, chatCompletion } from './sandboxRoutes';
import type { SandboxBatchOptions, SandboxBatchStats } from './sandboxTypes';

interface StoredFile {
  readonly id: string;
  readonly purpose: string;
  readonly filename: string;
  readonly text: string;
  readonly createdAt: number;
}

interface StoredBatch {
  readonly id: string;
  readonly inputFileId: string;
  readonly lines: readonly { readonly customId: string; readonly body: unknown }[];
  readonly createdMs: number;
  readonly outcome: 'complete' | 'expire' | 'fail';
  status: 'validating' | 'in_progress' | 'completed' | 'expired' | 'failed' | 'cancelled';
  outputFileId: string | null;
  errorFileId: string | null;
  completed: number;
  failed: number;
}

/** Zeroed batch counters. */
export function emptyBatchStats(): SandboxBatchStats {
  return { filesUploaded: 0, batchesCreated: 0, retrievals: 0, linesSubmitted: 0, linesAnswered: 0, linesFailed: 0, linesExpired: 0, submissions: {} };
}

/** True for the paths this module serves. */
export function isBatchPath(req: IncomingMessage): boolean {
  const path = (req.url ?? '').split('?')[0] ?? '';
  return path === '/v1/files' || path.startsWith('/v1/files/') || path === '/v1/batches' || path.startsWith('/v1/batches/');
}

/** Files and batches of one sandbox server. */
export class SandboxBatches {
  private readonly files = new Map<string, StoredFile>();
  private readonly batches = new Map<string, StoredBatch>();
  private options: SandboxBatchOptions;
  private script: ('complete' | 'expire' | 'fail')[];
  private failLines: number;
  private counter = 0;
  readonly stats: SandboxBatchStats = emptyBatchStats();

  constructor(options: SandboxBatchOptions, private readonly responder: ChatResponder) {
    this.options = options;
    this.script = [...(options.script ?? [])];
    this.failLines = options.failLines ?? 0;
  }

  /** Replaces the options (and what is left of the script). */
  set(options: SandboxBatchOptions): void {
    this.options = options;
    this.script = [...(options.script ?? [])];
    this.failLines = options.failLines ?? 0;
  }

  resetStats(): void {
    Object.assign(this.stats, emptyBatchStats());
  }

  /** Serves one request under /v1/files or /v1/batches. */
  handle(req: IncomingMessage, res: ServerResponse, body: string): void {
    const path = (req.url ?? '').split('?')[0] ?? '';
    if (this.options.unsupported === true) {
      sendError(res, 404, `No route for ${req.method ?? ''} ${path}`, 'invalid_request_error');
      return;
    }
    try {
      this.route(req.method ?? 'GET', path, req.headers['content-type'] ?? '', body, res);
    } catch (error) {
      if (!(error instanceof BadRequest)) throw error;
      sendError(res, 400, error.message, 'invalid_request_error');
    }
  }

  private route(method: string, path: string, contentType: string, body: string, res: ServerResponse): void {
    const parts = path.split('/').filter((p) => p !== '');
    if (method === 'POST' && path === '/v1/files') return sendJson(res, 200, this.upload(contentType, body));
    if (method === 'GET' && parts[1] === 'files' && parts.length >= 3) {
      const file = this.files.get(parts[2] ?? '');
      if (file === undefined) return sendError(res, 404, `No such file: ${parts[2] ?? ''}`, 'invalid_request_error');
      if (parts[3] === 'content') {
        res.writeHead(200, { ...SIMULATED_HEADERS, 'content-type': 'application/jsonl', 'content-length': String(Buffer.byteLength(file.text)) });
        res.end(file.text);
        return;
      }
      return sendJson(res, 200, fileObject(file));
    }
    if (method === 'POST' && path === '/v1/batches') return sendJson(res, 200, this.create(parseJson(body)));
    if (method === 'GET' && path === '/v1/batches') {
      const data = [...this.batches.values()].reverse().map((b) => this.view(this.advance(b)));
      return sendJson(res, 200, { object: 'list', data, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null, has_more: false });
    }
    const batch = parts[1] === 'batches' ? this.batches.get(parts[2] ?? '') : undefined;
    if (batch === undefined) return sendError(res, 404, `No route or batch for ${method} ${path}`, 'invalid_request_error');
    if (method === 'GET' && parts.length === 3) {
      this.stats.retrievals++;
      return sendJson(res, 200, this.view(this.advance(batch)));
    }
    if (method === 'POST' && parts[3] === 'cancel') {
      this.advance(batch);
      if (batch.status === 'in_progress' || batch.status === 'validating') this.finish(batch, 'cancelled');
      return sendJson(res, 200, this.view(batch));
    }
    sendError(res, 404, `No route for ${method} ${path}`, 'invalid_request_error');
  }

  private upload(contentType: string, body: string): Record<string, unknown> {
    const fields = parseMultipart(contentType, body);
    const file = fields.get('file');
    const purpose = fields.get('purpose')?.text ?? '';
    if (file === undefined) throw new BadRequest('the upload has no "file" part');
    if (purpose !== 'batch') throw new BadRequest(`purpose must be "batch", got "${purpose}"`);
    this.stats.filesUploaded++;
    return fileObject(this.store(file.filename ?? 'input.jsonl', 'batch', file.text));
  }

  private store(filename: string, purpose: string, text: string): StoredFile {
    const file = { id: `file-sim-${++this.counter}`, purpose, filename, text, createdAt: Math.floor(Date.now() / 1000) };
    this.files.set(file.id, file);
    return file;
  }

  private create(raw: unknown): Record<string, unknown> {
    const req = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
    if (req.endpoint !== '/v1/chat/completions') throw new BadRequest('endpoint must be /v1/chat/completions');
    if (req.completion_window !== '24h') throw new BadRequest('completion_window must be "24h"');
    const input = this.files.get(typeof req.input_file_id === 'string' ? req.input_file_id : '');
    if (input === undefined) throw new BadRequest('input_file_id names no uploaded file');
    const lines = input.text.split('\n').filter((l) => l.trim() !== '').map((l) => parseLine(l));
    const ids = new Set<string>();
    for (const line of lines) {
      if (ids.has(line.customId)) throw new BadRequest(`custom_id ${line.customId} occurs twice in the file`);
      ids.add(line.customId);
    }
    for (const line of lines) this.stats.submissions[line.customId] = (this.stats.submissions[line.customId] ?? 0) + 1;
    this.stats.linesSubmitted += lines.length;
    this.stats.batchesCreated++;
    const batch: StoredBatch = {
      id: `batch_sim_${++this.counter}`, inputFileId: input.id, lines, createdMs: Date.now(), outcome: this.script.shift() ?? 'complete',
      status: 'validating', outputFileId: null, errorFileId: null, completed: 0, failed: 0,
    };
    this.batches.set(batch.id, batch);
    return this.view(batch);
  }

  /** Moves a batch on by the time passed since it was created. */
  private advance(batch: StoredBatch): StoredBatch {
    if (batch.status !== 'validating' && batch.status !== 'in_progress') return batch;
    if (batch.outcome === 'fail') {
      this.finish(batch, 'failed');
      return batch;
    }
    const latency = this.options.latencyMs ?? 200;
    const fraction = latency <= 0 ? 1 : (Date.now() - batch.createdMs) / latency;
    if (fraction >= 1) {
      this.finish(batch, batch.outcome === 'expire' ? 'expired' : 'completed');
      return batch;
    }
    batch.status = 'in_progress';
    batch.completed = Math.floor(fraction * batch.lines.length);
    return batch;
  }

  /** Answers the lines a batch got to and writes its output and error files. */
  private finish(batch: StoredBatch, status: 'completed' | 'expired' | 'failed' | 'cancelled'): void {
    batch.status = status;
    if (status === 'failed') return;
    const done = status === 'completed' ? batch.lines.length : status === 'expired' ? Math.floor(batch.lines.length * (this.options.expireFraction ?? 0.5)) : batch.completed;
    const output: string[] = [];
    const errors: string[] = [];
    batch.lines.forEach((line, i) => {
      const id = `batch_req_${batch.id}_${i}`;
      if (i >= done) {
        this.stats.linesExpired++;
        const code = status === 'expired' ? 'batch_expired' : 'batch_cancelled';
        errors.push(JSON.stringify({ id, custom_id: line.customId, response: null, error: { code, message: `This request could not be executed before the batch ended (${status}). (simulated)` } }));
        return;
      }
      if (this.lineFails()) {
        this.stats.linesFailed++;
        const body = { error: { message: 'The server had an error processing this line (simulated)', type: 'server_error', code: null } };
        errors.push(JSON.stringify({ id, custom_id: line.customId, response: { status_code: 500, request_id: id, body }, error: null }));
        return;
      }
      try {
        const answer = chatCompletion(line.body, this.responder).body;
        this.stats.linesAnswered++;
        output.push(JSON.stringify({ id, custom_id: line.customId, response: { status_code: 200, request_id: id, body: answer }, error: null }));
      } catch (error) {
        this.stats.linesFailed++;
        const message = error instanceof Error ? error.message : String(error);
        const body = { error: { message: `${message} (simulated)`, type: 'invalid_request_error', code: null } };
        errors.push(JSON.stringify({ id, custom_id: line.customId, response: { status_code: 400, request_id: id, body }, error: null }));
      }
    });
    batch.completed = output.length;
    batch.failed = errors.length - (batch.lines.length - done);
    if (output.length > 0) batch.outputFileId = this.store(`${batch.id}_output.jsonl`, 'batch_output', output.join('\n') + '\n').id;
    if (errors.length > 0) batch.errorFileId = this.store(`${batch.id}_error.jsonl`, 'batch_output', errors.join('\n') + '\n').id;
  }

  private lineFails(): boolean {
    if (this.failLines > 0) {
      this.failLines--;
      return true;
    }
    const rate = this.options.failedLineRate ?? 0;
    return rate > 0 && Math.random() < rate;
  }

  private view(batch: StoredBatch): Record<string, unknown> {
    const errors = batch.status === 'failed' ? { object: 'list', data: [{ code: 'invalid_request', message: 'The batch failed validation (simulated)', param: null, line: null }] } : null;
    return {
      id: batch.id, object: 'batch', endpoint: '/v1/chat/completions', errors, input_file_id: batch.inputFileId, completion_window: '24h',
      status: batch.status, output_file_id: batch.outputFileId, error_file_id: batch.errorFileId, created_at: Math.floor(batch.createdMs / 1000),
      request_counts: { total: batch.lines.length, completed: batch.completed, failed: batch.failed }, metadata: null, simulated: true,
    };
  }
}

function fileObject(file: StoredFile): Record<string, unknown> {
  return { id: file.id, object: 'file', bytes: Buffer.byteLength(file.text), created_at: file.createdAt, filename: file.filename, purpose: file.purpose, status: 'processed' };
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    throw new BadRequest('the body is not valid JSON');
  }
}

function parseLine(text: string): { customId: string; body: unknown } {
  const line = parseJson(text) as Record<string, unknown> | null;
  if (typeof line !== 'object' || line === null) throw new BadRequest('each line must be a JSON object');
  if (typeof line.custom_id !== 'string' || line.custom_id === '') throw new BadRequest('each line needs a custom_id');
  if (line.method !== 'POST' || line.url !== '/v1/chat/completions') throw new BadRequest(`line ${line.custom_id}: method must be POST and url /v1/chat/completions`);
  return { customId: line.custom_id, body: line.body };
}

/** The parts of a multipart/form-data body, by name (text bodies only: a JSONL upload). */
function parseMultipart(contentType: string, body: string): Map<string, { text: string; filename?: string }> {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  const mark = boundary?.[1] ?? boundary?.[2];
  if (mark === undefined) throw new BadRequest('the upload must be multipart/form-data');
  const out = new Map<string, { text: string; filename?: string }>();
  for (const chunk of body.split(`--${mark}`)) {
    const split = chunk.indexOf('\r\n\r\n');
    if (split < 0) continue;
    const head = chunk.slice(0, split);
    const name = /name="([^"]*)"/i.exec(head)?.[1];
    if (name === undefined) continue;
    const filename = /filename="([^"]*)"/i.exec(head)?.[1];
    const text = chunk.slice(split + 4).replace(/\r\n$/, '');
    out.set(name, filename === undefined ? { text } : { text, filename });
  }
  return out;
}
