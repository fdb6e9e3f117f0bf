// Fixture for tests/lint-rules.test.ts: the other half of the cycle.
import { a } from './cycle-a';

export const b = (): unknown => a;
