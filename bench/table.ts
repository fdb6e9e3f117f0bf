import type { BenchScenario } from './scenario';

export const tableScenarios: BenchScenario[] = [];
