import { describe, expect, it } from 'vitest';
import { variableFieldErrors } from './refusal-fields';

const messages = [
  { role: 'system' as const, content: 'Answer briefly.' },
  { role: 'user' as const, content: '{{question}} {{ missing }}' },
  { role: 'assistant' as const, content: 'ok' },
  { role: 'user' as const, content: 'Also {{missing}} and {{other}}' },
];

describe('variableFieldErrors', () => {
  it('marks the first message using each variable the refusal names, with that part of it', () => {
    expect(variableFieldErrors('Unknown variable {{missing}}: no item of the dataset provides it', messages)).toEqual({
      'messages.1': 'Unknown variable {{missing}}: no item of the dataset provides it',
    });
    expect(variableFieldErrors('Unknown variable {{other}}: no item provides it; Unknown variable {{missing}}: no item provides it', messages)).toEqual({
      'messages.1': 'Unknown variable {{missing}}: no item provides it',
      'messages.3': 'Unknown variable {{other}}: no item provides it',
    });
  });

  it('marks nothing for a refusal about something else', () => {
    expect(variableFieldErrors('The provider connection does not exist (it may have been deleted)', messages)).toEqual({});
    expect(variableFieldErrors('question is required', messages)).toEqual({});
  });
});
