/** The text of `help`: every command, flag and exit status. */
export const HELP = `Run an experiment from the command line and gate a CI pipeline on its scores.

Usage
  npm run --silent cli -- run --dataset <id|name> --config <experiment.json> [options]
  npm run --silent cli -- run --dataset <id|name> --provider <id|name> --model <model> --prompt-file <file> [options]
  npm run --silent cli -- status <experiment id> [--follow] [options]
  npm run --silent cli -- help

run: creates an experiment, prints a progress line every few seconds (to stderr), then the
summary (to stdout), and exits with the status below.
  --dataset <id|name>      the dataset to run on (or "datasetId" in the config file)
  --config <file.json>     the body of POST /api/experiments ({ datasetId?, name?, config: {...} })
                           or only its "config" object; the flags below override its fields
  --provider <id|name>     provider connection (a name is looked up with GET /api/providers: admin keys only)
  --model <model>          model name
  --prompt-file <file>     the prompt: a text file is one user message with {{variables}};
                           a .json file is a list of { role, content } messages
  --evaluators <file.json> a list of evaluator configs, e.g. [{ "name": "exact", "type": "exact_match", "expectedField": "answer" }]
  --repetitions <n>  --temperature <t>  --max-tokens <n>
  --name <name>            default "cli <time>" (a name is unique within its dataset)
  --description <text>

status <id>: prints the summary of an existing experiment; --follow waits for it to end first.

Gating and output (run and status)
  --min <evaluator>=<mean> fail when that evaluator's mean score (0..1) is below it; repeatable.
                           With variants, every variant must meet it.
  --allow-stopped          an experiment that ends STOPPED passes (its scores are still checked)
  --timeout <seconds>      stop waiting after this long (exit 3); the experiment keeps running
  --stop-on-timeout        ... and stop it as well
  --progress-every <s>     seconds between progress lines (default 5)
  --json                   print the summary as JSON (for machines); --quiet: no progress lines
  --url <url>              the app (default: EXPERIMENTS_URL, else http://localhost:3000)
  --api-key <key>          an API key from Settings -> API keys (default: EXPERIMENTS_API_KEY;
                           prefer the variable: a flag shows in the process list)

Exit status
  0  ended COMPLETED (or STOPPED with --allow-stopped) and every --min was met
  1  a mean below its --min, no score for an evaluator given to --min, or it ended ERROR or STOPPED
  2  bad flags or files, or the API refused the request or could not be reached
  3  it had not ended when --timeout ran out (status: it has not ended yet)
`;
