import type { BenchScenario } from './scenario';

export const budgetScenarios: BenchScenario[] = [];
