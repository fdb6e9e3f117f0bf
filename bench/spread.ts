import type { BenchScenario } from './scenario';

export const spreadScenarios: BenchScenario[] = [];
