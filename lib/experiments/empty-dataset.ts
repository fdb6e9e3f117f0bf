import type { DbOrTx } from '../db/client';
import { getDataset, hasItemsAt } from '../datasets/items';
import { UserError } from '../errors';

/**
 * An experiment over no items would end at once having run nothing: creating one is refused (400)
 * with what to do instead, on the dataset field. A dataset that does not exist is left to
 * validateExperiment. One index probe, whatever the dataset's size.
 */
export async function refuseEmptyDataset(db: DbOrTx, p: { datasetId: string; version: Date; latest: boolean }): Promise<void> {
  const dataset = await getDataset(db, p.datasetId);
  if (!dataset || await hasItemsAt(db, p.datasetId, p.version)) return;
  const when = p.latest ? 'yet' : 'at the chosen version';
  throw new UserError(
    `Dataset "${dataset.name}" has no items ${when}: upload or add items before running an experiment on it`,
    { datasetId: p.latest ? 'This dataset has no items yet: upload some first' : 'The dataset had no items at this version' },
    400,
  );
}
