/** The CLI's help texts. */
import { METRIC_DESCRIPTIONS } from '../core/eval/metrics';

/** `zopo --help`. */
export const MAIN_USAGE = `Usage: zopo <command> [options]

Prompt optimization with ZOPO (localized zeroth-order prompt optimization): give it a
prompt and a dataset, get back better prompts with their scores on held-out data.

Commands:
  optimize      optimize a prompt against a dataset (zopo optimize --help)
  eval          score one prompt on a dataset, for CI (zopo eval --help)

Options:
  --help, -h    show this help
  --version     print the version

Example (offline, simulated model, no API key needed):
  zopo optimize --provider sandbox \\
    --prompt examples/antonyms/prompts/antonyms.prompt \\
    --data examples/antonyms/data/antonyms.jsonl \\
    --test-data examples/antonyms/data/antonyms.test.jsonl
`;

const metricLines = Object.entries(METRIC_DESCRIPTIONS)
  .map(([name, text]) => `    ${name.padEnd(10)} ${text}`)
  .join('\n');

/** `zopo optimize --help`. */
export const OPTIMIZE_USAGE = `Usage: zopo optimize --prompt <file|-> --data <file> [options]
       zopo optimize --resume <run dir> [--json] [--write [--force-write]] [--yes]

Input:
  --prompt <file|->         the prompt to optimize (- reads it from stdin); in source code
                            (.ts .tsx .js .jsx .mjs .cjs .py) the string literal bound to a
                            name: app.ts#SYSTEM_PROMPT (--write then replaces just that literal)
  --data <file>             examples (.jsonl, .json, .csv, .tsv) with "input" and "output" fields
  --test-data <file>        held-out examples for the final scores (default: 20% of --data)
  --input-field <name>      input field (repeatable; default "input")
  --output-field <name>     expected-output field (default "output")

Model:
  --provider openai|sandbox where calls go (default openai; sandbox is an offline
                            simulated model: free, deterministic, results are simulated)
  --base-url <url>          OpenAI-compatible endpoint (Azure, Ollama, vLLM, LM Studio...)
  --model <m>               chat model (default gpt-4o-mini): it answers the dataset
  --generator-model <m>     model that writes the candidate prompts (default: the chat model);
                            a stronger writer than the answering model, as in the paper
  --embedding-model <m>     embedding model for candidate prompts (default text-embedding-3-small)
  --local-embeddings        embed locally (lexical TF-IDF) instead of calling an endpoint
  --request-timeout <s>     time limit of one request attempt (default 30; raise it for a slow
                            local model); a response body that stalls for 30 s (or for the
                            timeout, if shorter) is cut off too.
                            Requests failing 8 times in a row, or a 401/403/404/400, stop the
                            run (exit 1, state saved, --resume continues it)
  The API key is read from OPENAI_API_KEY only; it is never printed or written.

Search:
  --metric <name>           how outputs are scored (default exact):
${metricLines}
                            regex:<pattern>, label:<a,b,c> and custom:<module.js> take an argument
  --rubric <file|text>      with --metric judge: the grading criteria (default: agreement with the
                            expected output: same meaning, its facts, no contradictions)
  --judge-model <m>         with --metric judge: the grading model (default: the chat model).
                            Gradings are cached, counted in the estimate, limits and usage; a
                            reply without a score is asked again once, then counted as a failed
                            grading and left out of the score
  --scorer-timeout <s>      time limit of each call of a custom scorer (default 10); it runs in a
                            worker thread and is tried on the expected outputs before any request
  --budget <queries>        queries; one query scores one prompt on --val-size examples (default 165)
  --val-size <n>            validation examples per query (default 20)
  --candidates <n>          candidate prompts to generate (default 1.5 x budget, 40..400)
  --concurrency <n>         LLM requests in flight (default 4)
  --seed <n>                seed of the split, generation and search (default 0)
  --method zopo|paper       product preset (default) or the paper's reference settings

Batch API (OpenAI, Azure OpenAI, vLLM...: about half the price, no rate limits to wait on):
  --batch                   evaluate through the provider's Batch API: each round of --batch-size
                            queries, the candidate generation and the test split become batches
                            (JSONL uploaded, polled, read back); the run waits for each batch
                            (up to the 24 h window) and --resume picks up batches in flight
  --batch-size <n>          queries per round, so per batch (default 16)
  --batch-poll <s>          longest wait between two checks of a batch (default 60; the first
                            check comes after 2 s, each wait 1.5 x the last)

Limits (checked before starting, from a token estimate, and live):
  --max-cost <usd>          money limit
  --max-calls <n>           LLM request limit
  --max-tokens <n>          token limit
  --prices <file.json>      price table overrides: {"model": {"inputPerMillion": 1, "outputPerMillion": 2}}
  --yes                     start even if the estimate exceeds a limit

Output:
  --out <dir>               run directory (default .zopo/runs/<timestamp>-<name>)
  --cache-dir <dir>         the LLM cache shared by runs and "zopo eval" (default .zopo/cache):
                            an answer or grading already in it is never paid for again
  --no-cache                ignore the shared cache: every call is made again and nothing is
                            written to it (the run keeps a cache of its own, so --resume still
                            pays nothing twice)
  --resume <dir>            continue an interrupted run without repeating paid calls
  --write                   replace the prompt file (or literal) with the best prompt (atomically),
                            only if the file is unchanged since the run read it, and only
                            when the held-out test says it is better than the original
  --force-write             with --write: write the best prompt even without that evidence
  --json                    print one JSON object with the results on stdout

Exit status: 0 done, 1 failure, 2 bad usage or input, 130 interrupted (Ctrl-C; state saved).
`;
