import { describe, expect, it } from 'vitest';
import { afterLabel, answerByRules, capitalOf } from './rules';
import { readDirectives, simulateReply } from './reply';

// The simulator parses prompts that quote dataset items. The regexes replaced here were quadratic
// on these inputs; the timeout is the failure mode.
const MUST_FINISH = { timeout: 10_000 };

describe('afterLabel', () => {
  it('finds the first line starting with the label, any case, after spaces or tabs', () => {
    expect(afterLabel('uppercase: abc', 'uppercase')).toBe('abc');
    expect(afterLabel('intro\n \tUpperCase:  two\nlines ', 'uppercase')).toBe('two\nlines');
    expect(afterLabel('say uppercase: no', 'uppercase')).toBeNull();
    expect(afterLabel('uppercase no colon\nreverse: x', 'uppercase')).toBeNull();
    expect(afterLabel('', 'uppercase')).toBeNull();
  });

  it('scans many lines once', MUST_FINISH, () => {
    expect(afterLabel(`${'\n \t'.repeat(200_000)}reverse: ok`, 'reverse')).toBe('ok');
    expect(afterLabel('uppercase\n'.repeat(100_000), 'uppercase')).toBeNull();
  });
});

describe('capitalOf', () => {
  it('answers the same questions as before', () => {
    expect(capitalOf('What is the capital of France?')).toBe('Paris');
    expect(capitalOf('capital city of the united   states.')).toBe('Washington, D.C.');
    expect(capitalOf('Capital of Japan')).toBe('Tokyo');
    expect(capitalOf('capital of Atlantis?')).toBeNull();
  });

  it('stays linear on a long name with no end', MUST_FINISH, () => {
    expect(capitalOf(`capital of a${' '.repeat(200_000)}#`)).toBeNull();
    expect(capitalOf(`${'capital of a '.repeat(30_000)}#`)).toBeNull();
    expect(answerByRules(`capital of a${' '.repeat(200_000)}# capital of kenya`, false)?.text).toBe('Nairobi');
  });
});

describe('directives', () => {
  it('stay linear on openings that never close', MUST_FINISH, () => {
    const openings = '[[sim:a='.repeat(75_000);
    expect(readDirectives([{ role: 'user', content: openings }])).toEqual({ garbage: false, hang: false, status: null });
    expect(readDirectives([{ role: 'user', content: `${openings}]] [[sim:status=503]]` }]).status).toBe(503);
    expect(simulateReply([{ role: 'user', content: `uppercase: x [[sim:hang=${'['.repeat(100_000)}]]` }], { model: 'm' }).content).toBe('X');
  });
});
