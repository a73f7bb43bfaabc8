/** Raw HTTP helpers for sandbox tests (no client library in the way). */

/** POSTs JSON and returns status, headers and the raw body text (or the fetch error). */
export async function postJson(
  url: string,
  body: unknown,
  timeoutMs = 5000,
): Promise<{ status: number; headers: Headers; text: string } | { error: Error }> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    return { status: response.status, headers: response.headers, text: await response.text() };
  } catch (error) {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }
}

/** Parses a successful chat completion body's first choice text. */
export function firstChoice(text: string): string {
  const body = JSON.parse(text) as { choices: { message: { content: string } }[] };
  const content = body.choices[0]?.message.content;
  if (content === undefined) throw new Error('no choice');
  return content;
}
