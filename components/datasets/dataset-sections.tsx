'use client';

import { Fragment, useState, type ReactNode } from 'react';

/**
 * The dataset page's two halves: the items (with Upload) and the experiments (launch and table).
 * An empty dataset shows its items first: there is nothing to run until something is uploaded.
 * The order is chosen once per visit: the refresh after a first import must not move the items,
 * and the import report with them, below the experiments. Keyed, so neither half is remounted.
 */
export function DatasetSections({ itemsFirst, items, experiments }: { itemsFirst: boolean; items: ReactNode; experiments: ReactNode }) {
  const [first] = useState(itemsFirst);
  const itemsHalf = <Fragment key="items">{items}</Fragment>;
  const experimentsHalf = <Fragment key="experiments">{experiments}</Fragment>;
  return <>{first ? [itemsHalf, experimentsHalf] : [experimentsHalf, itemsHalf]}</>;
}
