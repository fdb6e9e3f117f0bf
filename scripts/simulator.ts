// Standalone simulator: `npm run simulator`. Knob defaults come from SIM_* environment variables.
import { knobsFromEnv, startSimulator } from '../lib/simulator/server';

const sim = await startSimulator({
  port: Number(process.env.SIMULATOR_PORT ?? 4010),
  host: '127.0.0.1',
  ...knobsFromEnv(),
});
console.log(`simulator listening on ${sim.url}`);

let stopping = false;
function stop(signal: NodeJS.Signals) {
  // A second signal (e.g. Ctrl-C pressed twice) must not start a second shutdown.
  if (stopping) return;
  stopping = true;
  sim.close().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(`simulator: error while closing on ${signal}:`, err);
      process.exit(1);
    },
  );
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
