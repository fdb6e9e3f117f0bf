// The shape of one bench scenario module: `npm run bench` runs every scenario in order;
// `npm run bench -- --quick` only those marked quick (the subset ends within two minutes).
import type { Bench } from './harness';
import type { Report } from './faults';

export interface BenchScenario {
  name: string;
  /** Part of `--quick`. */
  quick: boolean;
  /** `bench` is the shared one-worker bench; scenarios that need workers of their own use bench.pgUrl for a database of their own. */
  run: (bench: Bench, report: Report) => Promise<void>;
}
