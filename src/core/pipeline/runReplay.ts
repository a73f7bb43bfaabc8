/**
 * Rebuilds a run's event stream from its directory, so that the editor can show a past or
 * interrupted run in the panel exactly as a live one (chart, map, table, portfolio).
 */
import { RunDirectory } from './runDirectory';
import type { RunEvent } from './runEvents';

/** The events a listener would have seen, as far as the run directory records them. */
export function replayRunEvents(runDir: string): RunEvent[] {
  const dir = new RunDirectory(runDir);
  const events: RunEvent[] = [];
  const record = dir.readRecord();
  const candidates = dir.readCandidates();
  if (candidates) events.push({ type: 'candidates', candidates: candidates.file.candidates });
  let best = -Infinity;
  const budget = record?.budget ?? 0;
  for (const entry of dir.readEvaluations()) {
    if (entry.kind !== 'search') continue;
    events.push({
      type: 'evaluationFinished',
      candidateId: entry.candidate,
      queries: entry.queries,
      budget,
      score: entry.score,
      examples: entry.total,
      failedExamples: entry.failed,
      reason: entry.reason,
      results: entry.results,
    });
    if (entry.score > best) {
      best = entry.score;
      events.push({ type: 'newBest', candidateId: entry.candidate, score: entry.score, queries: entry.queries });
    }
  }
  if (record?.usage) events.push({ type: 'usage', usage: record.usage });
  const portfolio = dir.readPortfolio();
  if (record?.status === 'done' && portfolio) events.push({ type: 'done', ...portfolio, runDir });
  else if (record?.status === 'failed') events.push({ type: 'failed', message: record.message ?? 'The run failed.', runDir });
  else if (record?.status === 'cancelled' || record?.status === 'interrupted') events.push({ type: 'cancelled', queries: record.queries ?? 0, runDir });
  return events;
}
