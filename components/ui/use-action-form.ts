import { useState } from 'react';
import type { ActionResult } from '@/lib/server/safe-action';

/**
 * A form that calls a server action: `pending` while the call runs, then the action's error and
 * per-field errors to show, both cleared when it succeeds. `submit` answers the action's result.
 */
export function useActionForm() {
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [pending, setPending] = useState(false);

  const submit = async <T>(call: () => Promise<ActionResult<T>>): Promise<ActionResult<T>> => {
    setPending(true);
    try {
      const result = await call();
      setError(result.ok ? null : result.error);
      setFieldErrors(result.ok ? {} : result.fieldErrors ?? {});
      return result;
    } finally {
      setPending(false);
    }
  };

  return { error, fieldErrors, pending, submit };
}
