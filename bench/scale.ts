import type { BenchScenario } from './scenario';

export const scaleScenarios: BenchScenario[] = [];
