/** `zopo eval --help`. */
export const EVAL_USAGE = `Usage: zopo eval --prompt <file|file#NAME|-> --data <file> [options]

Scores one prompt on a dataset and prints the score with its 95% interval (Wilson for 0/1
metrics, bootstrap for graded ones). For CI: --min-score fails below a threshold, --baseline
fails on a reliable regression against an earlier result (a paired test on the same examples).

Input:
  --prompt <file>           a prompt file, - for stdin, or a string literal in code by the name
                            it is bound to: src/app.ts#SYSTEM_PROMPT (.ts .tsx .js .jsx .mjs
                            .cjs .py; a name matching no literal or several is an error)
  --data <file>             examples (.jsonl, .json, .csv, .tsv)
  --input-field <name>      input field (repeatable; default "input")
  --output-field <name>     expected-output field (default "output")
  --split all|test          all rows (default), or the held-out test rows "zopo optimize"
                            keeps out of the same --data with the same --seed
  --seed <n>                seed of that split (default 0)
  --limit <n>               score at most the first n of those rows

Model and metric (as in "zopo optimize"):
  --provider openai|sandbox, --base-url <url>, --model <m>, --request-timeout <s>,
  --concurrency <n>, --metric <name> (judge with --rubric <file|text>, --judge-model <m>),
  --scorer-timeout <s>
  The API key is read from OPENAI_API_KEY only; it is never printed or written.

Checks (exit 1 when one fails):
  --min-score <x>           the score must be at least x (0..1)
  --baseline <path>         a saved result (--save / --json) or a "zopo optimize" run directory
                            (its recommended prompt, else its original, on its test examples);
                            exit 1 when this prompt is reliably worse on the paired examples,
                            0 when better or no reliable difference; exit 2 when the metric
                            differs or no example is in both

Limits and cache:
  --max-cost <usd>, --max-calls <n>, --max-tokens <n>, --prices <file>, --yes
                            as in "zopo optimize"; answers already cached are not counted
  --cache-dir <dir>         the LLM cache (default .zopo/cache, which "zopo optimize" shares:
                            its answers are reused); a rerun costs nothing
  --no-cache                answer every example again

Output:
  --json                    print one JSON object: score, interval, examples, failures,
                            per-example results, prompt and data hashes, metric, model
  --save <file.json>        also write that object to a file (a later --baseline)

Exit status: 0 passed, 1 a check failed or the run failed, 2 bad usage or input,
130 interrupted (Ctrl-C).
`;
