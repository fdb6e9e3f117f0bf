import { useRef, useState } from 'react';
import type { ActionResult } from '@/lib/server/safe-action';
import { focusFirstInvalid } from './focus-field';

/**
 * A form that calls a server action: `pending` while the call runs, then the action's error and
 * per-field errors to show, both cleared when it succeeds. `submit` answers the action's result.
 * Give the form `ref={formRef}`: a refusal with field errors moves focus to the first invalid field.
 * Show `error` beside the submit button (ActionError or FormError), where the eye is.
 */
export function useActionForm() {
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [pending, setPending] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  const submit = async <T>(call: () => Promise<ActionResult<T>>): Promise<ActionResult<T>> => {
    setPending(true);
    try {
      const result = await call();
      setError(result.ok ? null : result.error);
      setFieldErrors(result.ok ? {} : result.fieldErrors ?? {});
      if (!result.ok && result.fieldErrors && Object.keys(result.fieldErrors).length > 0) focusFirstInvalid(formRef.current);
      return result;
    } finally {
      setPending(false);
    }
  };

  return { error, fieldErrors, pending, submit, formRef };
}
