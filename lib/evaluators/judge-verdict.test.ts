import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { DEFAULT_JUDGE_TEMPLATE, JUDGE_VERDICT_SCHEMA, UnparseableVerdictError, parseJudgeVerdict, renderJudgeMessages } from './judge-verdict';

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
});
