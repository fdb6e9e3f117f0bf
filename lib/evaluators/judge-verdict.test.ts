import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { DEFAULT_JUDGE_TEMPLATE, JUDGE_VERDICT_SCHEMA, UnparseableVerdictError, judgeTemplateProblems, parseJudgeVerdict, renderJudgeMessages } from './judge-verdict';
import { LIMITS } from '../limits';

// Inputs on which the regexes these scans replaced were quadratic; the timeout is the failure
// mode, orders of magnitude above what a linear scan needs.
const MUST_FINISH = { timeout: 10_000 };

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}

describe('renderJudgeMessages', () => {
  it('fills placeholders: strings as-is, others as pretty JSON, missing expected as (none)', () => {
    const [m] = renderJudgeMessages([{ role: 'user', content: 'I={{input}} O={{ output }} E={{expected}} X={{other}}' }], {
      input: { q: 'hi' }, output: 'Paris', expected: null,
    });
    expect(m).toEqual({ role: 'user', content: 'I={\n  "q": "hi"\n} O=Paris E=(none) X={{other}}' });
  });

  it('does not substitute placeholders that appear inside values, nor $-patterns', () => {
    const [m] = renderJudgeMessages([{ role: 'user', content: '{{output}}|{{expected}}' }], {
      input: '', output: 'I say {{expected}} $& $1', expected: 'E',
    });
    expect(m.content).toBe('I say {{expected}} $& $1|E');
  });

  it('renders the default template with labelled lines', () => {
    const msgs = renderJudgeMessages(DEFAULT_JUDGE_TEMPLATE, { input: { question: '2+2?' }, output: '4', expected: { answer: '4' } });
    expect(msgs.map((m) => m.role)).toEqual(['system', 'user']);
    const user = msgs[1].content;
    expect(user).toMatch(/^Output: 4$/m);
    expect(user).toMatch(/^Input: \{/m);
    expect(user).toMatch(/^Expected: \{/m);
    expect(user).toMatch(/JSON/);
  });
});

describe('judgeTemplateProblems', () => {
  it('scans a long unclosed placeholder in linear time', MUST_FINISH, () => {
    const content = `{{ output }} {{ a${' '.repeat(200_000)}b`;
    expect(judgeTemplateProblems([{ role: 'user', content }])).toEqual(['The judge template is 200,018 characters; the limit is 64,000']);
    const openings = `{{output}}${'{{ x'.repeat(50_000)}{{ answer }}`;
    expect(judgeTemplateProblems([{ role: 'user', content: openings }])).toEqual([
      'The judge template is 200,022 characters; the limit is 64,000',
      'Unknown placeholder {{answer}}: a judge template can use {{input}}, {{output}} and {{expected}}',
    ]);
    const filled = renderJudgeMessages([{ role: 'user', content: openings }], { input: '', output: 'O', expected: '' })[0].content;
    expect(filled.startsWith('O{{ x')).toBe(true);
    expect(filled.length).toBe(200_013);
  });

  it('needs {{output}} and names unknown placeholders', () => {
    expect(judgeTemplateProblems([{ role: 'user', content: '{{ input }} {{expected}}' }])).toEqual(['The judge template never shows the output: add {{output}}']);
    expect(judgeTemplateProblems([{ role: 'user', content: '{{output}} {{ who knows }}' }]))
      .toEqual(['Unknown placeholder {{who knows}}: a judge template can use {{input}}, {{output}} and {{expected}}']);
  });
});

describe('JUDGE_VERDICT_SCHEMA', () => {
  it('accepts a verdict and rejects extras', () => {
    const validate = new Ajv().compile(JUDGE_VERDICT_SCHEMA);
    expect(validate({ score: 1, label: 'correct', explanation: 'ok' })).toBe(true);
    expect(validate({ score: 1, label: 'correct' })).toBe(false);
    expect(validate({ score: 1, label: 'c', explanation: '', extra: 1 })).toBe(false);
  });
});

describe('parseJudgeVerdict', () => {
  it('parses a bare JSON object', () => {
    expect(parseJudgeVerdict('{"score": 1, "label": "correct", "explanation": "Same answer."}'))
      .toEqual({ score: 1, label: 'correct', explanation: 'Same answer.' });
  });

  it('parses fenced JSON', () => {
    expect(parseJudgeVerdict('Here you go:\n```json\n{"score": 0, "label": "incorrect", "explanation": "No."}\n```\n'))
      .toEqual({ score: 0, label: 'incorrect', explanation: 'No.' });
    expect(parseJudgeVerdict('```\n{"score": 0.5}\n```').score).toBe(0.5);
  });

  it('finds the object inside prose, preferring the last one', () => {
    const text = 'Format is {"score": 0|1}. Thinking: the answer {is} right.\nVerdict: {"score": 1, "label": "correct", "explanation": "uses } in a string"} Done.';
    expect(parseJudgeVerdict(text)).toEqual({ score: 1, label: 'correct', explanation: 'uses } in a string' });
    expect(parseJudgeVerdict('Example: {"score": 0}. My verdict: {"score": 1}').score).toBe(1);
  });

  it('accepts boolean and numeric-string scores and fills a default label', () => {
    expect(parseJudgeVerdict('{"score": true}')).toEqual({ score: 1, label: 'pass', explanation: '' });
    expect(parseJudgeVerdict('{"score": false, "reasoning": "wrong"}')).toEqual({ score: 0, label: 'fail', explanation: 'wrong' });
    expect(parseJudgeVerdict('{"score": "0.75", "label": "partial"}')).toMatchObject({ score: 0.75, label: 'partial' });
  });

  it('finds a verdict nested in a wrapper object', () => {
    expect(parseJudgeVerdict('{"verdict": {"score": 1, "label": "ok"}}')).toMatchObject({ score: 1, label: 'ok' });
  });

  it('throws UnparseableVerdictError with the raw text', () => {
    const raw = 'Hmm, well... the verdict x1 might be {score: perhaps, label: "it depends';
    let caught: unknown;
    try {
      parseJudgeVerdict(raw);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(UnparseableVerdictError);
    expect((caught as UnparseableVerdictError).rawText).toBe(raw);
    expect(() => parseJudgeVerdict('I think it is correct.')).toThrow(/no JSON object/);
    expect(() => parseJudgeVerdict('{"label": "correct"}')).toThrow(/no "score" field/);
    expect(() => parseJudgeVerdict('{"score": 7}')).toThrow(/outside 0\.\.1/);
    expect(() => parseJudgeVerdict('{"score": "high"}')).toThrow(UnparseableVerdictError);
  });

  it('reads score strings exactly as a decimal number', () => {
    for (const [score, n] of [['1', 1], ['0.5', 0.5], ['.5', 0.5], ['1.', 1], ['+0', 0], ['5E-1', 0.5], ['1e0', 1]] as const) {
      expect(parseJudgeVerdict(JSON.stringify({ score })).score, score).toBe(n);
    }
    for (const score of ['', '.', '1e', '0x1', '1 0', 'Infinity', '1e+']) {
      expect(() => parseJudgeVerdict(JSON.stringify({ score })), score).toThrow(/is not a number/);
    }
  });

  it('reads long hostile replies in linear time', MUST_FINISH, () => {
    // An unclosed fence with a long info string, then the verdict (the fence regex's quadratic
    // cost is small per step, so it takes this length to go past the timeout).
    expect(parseJudgeVerdict(`\`\`\`${'a'.repeat(600_000)} {"score": 1}`).score).toBe(1);
    // A score of 200,000 digits and a letter.
    expect(() => parseJudgeVerdict(JSON.stringify({ score: `${'1'.repeat(200_000)}x` }))).toThrow(/is not a number/);
    // 20,000 nested objects: each is a candidate, but only a bounded number are parsed.
    const nested = `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)} verdict: {"score": 0}`;
    expect(parseJudgeVerdict(nested).score).toBe(0);
  });

  it('keeps a bounded raw text and explanation, saying how long they were', () => {
    const long = `no verdict here ${'z'.repeat(LIMITS.responseKeptChars)}`;
    const err = thrown(() => parseJudgeVerdict(long)) as UnparseableVerdictError;
    expect(err).toBeInstanceOf(UnparseableVerdictError);
    expect(err.rawText.startsWith('no verdict here zzz')).toBe(true);
    expect(err.rawText.endsWith(`… [truncated: ${(long.length).toLocaleString('en-US')} characters in all]`)).toBe(true);
    expect(err.rawText.length).toBeLessThan(LIMITS.responseKeptChars + 100);
    const verdict = parseJudgeVerdict(JSON.stringify({ score: 1, explanation: 'w'.repeat(LIMITS.responseKeptChars + 1) }));
    expect(verdict.explanation.length).toBeLessThan(LIMITS.responseKeptChars + 100);
    expect(verdict.explanation).toMatch(/\[truncated: 262,145 characters in all\]$/);
  });
});
