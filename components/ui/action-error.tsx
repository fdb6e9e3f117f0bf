import { cn } from './cn';

/**
 * Why an action was refused, shown beside the button that was pressed (where the eye is) rather
 * than at the top of the page. The alert region is always rendered, so screen readers announce a
 * message when it appears; empty, it takes no room. Point the button's aria-describedby at `id`.
 */
export function ActionError({ id, message, className }: { id: string; message: string | null | undefined; className?: string }) {
  return (
    <div id={id} role="alert" className={message
      ? cn('max-w-md rounded-md border border-red-200 bg-red-50 px-2.5 py-1.5 text-xs text-red-700 dark:border-red-900/60 dark:bg-red-950/40 dark:text-red-300', className)
      : 'sr-only'}>
      {message}
    </div>
  );
}
