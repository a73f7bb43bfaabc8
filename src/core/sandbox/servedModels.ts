/**
 * Which chat models the sandbox serves. By default every name (a test may call it anything);
 * a run's own sandbox serves its chat model and any `sandbox…` name, and answers any other
 * model with a 404 `model_not_found`, as a real endpoint does for a model it does not have,
 * so a mistyped judge or writer model stops the run at its first call.
 */

/** True when `body` asks for a model outside `served` (never when `served` is undefined). */
export function refusesModel(body: string, served: readonly string[] | undefined): boolean {
  if (served === undefined) return false;
  let model: unknown;
  try {
    model = (JSON.parse(body) as { model?: unknown }).model;
  } catch {
    return false;
  }
  if (typeof model !== 'string') return false;
  return !(model === 'sandbox' || model.startsWith('sandbox-') || served.includes(model));
}
