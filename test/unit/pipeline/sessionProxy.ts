/**
 * A loopback proxy in front of the sandbox that stands for the editor's Language Model API
 * proxy of one session: its own port and bearer key, a log of every chat request it answered
 * (the whole body), and a hold that keeps one request unanswered, as when a window reload
 * cuts a run off in the middle of an evaluation.
 */
import { startLoopbackProxy } from './loopbackProxy';

export interface SessionProxy {
  readonly baseUrl: string;
  readonly apiKey: string;
  /** Bodies of the chat requests answered, in order. */
  readonly answered: string[];
  /** Requests refused for a wrong key. */
  readonly unauthorized: number;
  /** After `count` more chat requests are answered, the next is held (never answered) and `onHold` is called. */
  holdAfter(count: number, onHold: () => void): void;
  close(): Promise<void>;
}

export async function startSessionProxy(target: string, apiKey: string): Promise<SessionProxy> {
  const answered: string[] = [];
  const state = { unauthorized: 0, hold: undefined as { left: number; onHold: () => void } | undefined };
  const proxy = await startLoopbackProxy(target, (req, res, body, forward) => {
    if (req.headers.authorization !== `Bearer ${apiKey}`) {
      state.unauthorized++;
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'unauthorized' } }));
      return;
    }
    const chat = req.url?.endsWith('/chat/completions') === true;
    const hold = state.hold;
    if (chat && hold !== undefined && hold.left-- <= 0) {
      state.hold = undefined;
      hold.onHold();
      return;
    }
    forward(() => {
      if (chat) answered.push(body.toString('utf8'));
    });
  });
  return {
    baseUrl: proxy.baseUrl,
    apiKey,
    answered,
    get unauthorized() {
      return state.unauthorized;
    },
    holdAfter: (count, onHold) => (state.hold = { left: count, onHold }),
    close: () => proxy.close(),
  };
}
