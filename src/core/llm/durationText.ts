/** Durations as the messages of the LLM layer show them. */

/** "30 s", "0.2 s", "1.5 s": milliseconds as seconds, with at most two significant digits below 10. */
export function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  if (Number.isInteger(seconds) || seconds >= 10) return `${Math.round(seconds)} s`;
  return `${Number(seconds.toPrecision(2))} s`;
}
