/**
 * Below `sm` (a phone) the experiments table becomes a list of cards, one per experiment: name and
 * row menu on the first line, status under it, then progress across the card. The other columns
 * are hidden there (the row menu's "View details" has them all). Plain classes on the table's own
 * elements, so it stays one table (headers kept for screen readers) at every width.
 */
export const phoneTable = {
  table: 'max-sm:block',
  head: 'max-sm:sr-only',
  body: 'max-sm:block',
  row: 'max-sm:grid max-sm:grid-cols-[auto_minmax(0,1fr)_auto] max-sm:items-center max-sm:gap-y-1 max-sm:px-3 max-sm:py-2.5',
};

/** Where each cell sits on the card; a column not named here is hidden on a phone. */
export const phoneCell = {
  select: 'max-sm:col-start-1 max-sm:row-start-1 max-sm:p-0 max-sm:pr-2.5',
  name: 'max-sm:col-start-2 max-sm:row-start-1 max-sm:max-w-none max-sm:p-0',
  menu: 'max-sm:col-start-3 max-sm:row-start-1 max-sm:w-auto max-sm:p-0 max-sm:pl-2',
  status: 'max-sm:col-start-2 max-sm:row-start-2 max-sm:p-0',
  progress: 'max-sm:col-span-2 max-sm:col-start-2 max-sm:row-start-3 max-sm:p-0 max-sm:text-left',
  hidden: 'max-sm:hidden',
};
