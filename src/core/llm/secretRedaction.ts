/**
 * Keeps API keys out of messages. Errors from a server may echo a key (OpenAI's 401 does,
 * partly masked), so every message that leaves the client passes through `redactSecrets`.
 */

/** Key-shaped tokens: OpenAI style "sk-...", and bearer tokens. */
const KEY_PATTERN = /\b(sk-[A-Za-z0-9_*-]{6,}|Bearer\s+[A-Za-z0-9._~+/=-]{8,})/g;

/** `text` with the given secret and anything key-shaped replaced by "[redacted]". */
export function redactSecrets(text: string, secret: string): string {
  let out = text;
  if (secret.length >= 4) out = out.split(secret).join('[redacted]');
  return out.replace(KEY_PATTERN, '[redacted]');
}
