import { getDb } from '../db/client';
import { getProducerBoss } from '../queue/boss';
import { databaseUrl } from '../config';

/** What every action and route gets: the database and the job producer. (Sign-in adds the user here.) */
export async function requestContext() {
  return { db: getDb(), boss: () => getProducerBoss(databaseUrl()) };
}
export type RequestContext = Awaited<ReturnType<typeof requestContext>>;
