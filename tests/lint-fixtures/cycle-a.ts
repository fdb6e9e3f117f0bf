// Fixture for tests/lint-rules.test.ts: half of an import cycle (never imported by the app).
import { b } from './cycle-b';

export const a = () => b();
