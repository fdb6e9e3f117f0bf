import { createHash } from 'node:crypto';

/**
 * 32-bit FNV-1a. Small and stable across runs and platforms, which is all the reply rules need
 * (e.g. "hash % 10"); not for identifying prompts, where 32 bits would collide.
 */
export function hashText(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Identifies a request's prompt in the stats. 64 bits of SHA-256 so that tens of thousands of
 * distinct prompts do not produce false "duplicate" counts.
 */
export function promptHash(messages: unknown): string {
  return createHash('sha256').update(JSON.stringify(messages)).digest('hex').slice(0, 16);
}
