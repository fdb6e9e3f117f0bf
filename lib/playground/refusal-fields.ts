import { extractVariables } from '../prompts/template';
import type { MessageDraft } from './form';

/**
 * A refusal that names one of the prompt's variables (`{{name}}`, as the server's "Unknown
 * variable {{name}}: ..." does) marks the first message using it, so focus can go where the fix
 * is. Keys are the form's own (`messages.<i>`); the text is the part of the refusal about it.
 */
export function variableFieldErrors(refusal: string, messages: Pick<MessageDraft, 'role' | 'content'>[]): Record<string, string> {
  const problems = refusal.split('; ');
  const out: Record<string, string> = {};
  messages.forEach((m, i) => {
    for (const name of extractVariables([{ role: m.role, content: m.content }])) {
      const problem = problems.find((p) => p.includes(`{{${name}}}`));
      if (problem && !Object.values(out).includes(problem)) out[`messages.${i}`] ??= problem;
    }
  });
  return out;
}
