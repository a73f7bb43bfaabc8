/**
 * A loopback HTTP proxy in front of the sandbox that keeps the body of every chat request it
 * forwards, so a test can see exactly what reached the "LLM" and when.
 */
import { startLoopbackProxy } from './loopbackProxy';

/** One forwarded chat request: its messages' texts, and what the test had marked when it arrived. */
export interface RecordedChat {
  readonly texts: readonly string[];
  readonly mark: string;
}

/** A running proxy. */
export interface RecordingProxy {
  readonly baseUrl: string;
  readonly chats: RecordedChat[];
  /** Labels the requests that arrive from now on (e.g. the run's phase). */
  mark(label: string): void;
  close(): Promise<void>;
}

/** Starts a proxy forwarding to `target` (a sandbox base URL such as http://127.0.0.1:1234/v1). */
export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const chats: RecordedChat[] = [];
  let label = '';
  const proxy = await startLoopbackProxy(target, (req, _res, body, forward) => {
    if (req.url?.endsWith('/chat/completions') === true) chats.push({ texts: messageTexts(body), mark: label });
    forward();
  });
  return { baseUrl: proxy.baseUrl, chats, mark: (l) => (label = l), close: () => proxy.close() };
}

function messageTexts(body: Buffer): string[] {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { messages?: { content?: unknown }[] };
    return (parsed.messages ?? []).map((m) => (typeof m.content === 'string' ? m.content : JSON.stringify(m.content)));
  } catch {
    return [body.toString('utf8')];
  }
}
