// `npm run --silent cli -- <command>`: the JSON API's client for CI (see cli/help.ts).
import { runCli } from './program';
import { EXIT } from './exit-codes';

let experimentId: string | null = null;
process.once('SIGINT', () => {
  if (experimentId) process.stderr.write(`\nStopped following; the experiment keeps running: npm run cli -- status ${experimentId} --follow\n`);
  process.exit(130);
});

try {
  process.exitCode = await runCli(process.argv.slice(2), {
    env: process.env,
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    onExperiment: (id) => { experimentId = id; },
  });
} catch (err) {
  // Not a gate result: exit 2, so CI never reads a crash of the client as "scores too low".
  process.stderr.write(`error: internal error in the CLI: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = EXIT.usage;
}
