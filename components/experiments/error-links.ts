/**
 * Where a count points in the error log: skipped items are logged by the system, delayed and
 * failed evaluations by their evaluator. The experiment page opens its details sheet on the log
 * when its address ends in `#errors=<source>` (the experiments table links there).
 */

export const SKIPPED_SOURCE = 'system';

/** One evaluator's own filter, or every evaluator's (the select only offers "All evaluators" for two or more). */
export const evaluatorsSource = (names: readonly string[]) => (names.length === 1 ? `evaluator:${names[0]}` : 'evaluators');

export const errorsHash = (source: string) => `#errors=${encodeURIComponent(source)}`;

/** The source of `#errors=<source>` (`#errors` alone: every source), or null for any other hash. */
export function parseErrorsHash(hash: string): string | null {
  if (hash === '#errors') return 'all';
  if (!hash.startsWith('#errors=')) return null;
  try {
    const source = decodeURIComponent(hash.slice('#errors='.length));
    const known = ['all', 'task', 'system', 'evaluators'].includes(source) || /^evaluator:.{1,200}$/.test(source);
    return known ? source : null;
  } catch {
    return null;
  }
}

/** Moves to the sheet's error log and puts focus on its heading, so a keyboard user lands there too. */
export function revealErrorLog() {
  const heading = document.getElementById('sheet-errors-heading');
  if (!heading) return;
  heading.setAttribute('tabindex', '-1');
  heading.scrollIntoView({ block: 'start', behavior: 'smooth' });
  heading.focus({ preventScroll: true });
}
