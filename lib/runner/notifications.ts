import crypto from 'node:crypto';
import postgres from 'postgres';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../db/client';

/**
 * LISTEN/NOTIFY between the web side and the workers, so a worker hears of new work and of a stop
 * the moment it commits. Notices are hints: the claim in the database stays the truth, and the
 * periodic claim check and orphan scan remain the fallback for a notice that is lost.
 */
export const EXPERIMENT_EVENTS_CHANNEL = 'experiment_events';
/** Owners confirm here that they have stopped dispatching, so a stop returns only after that. */
export const STOP_ACK_CHANNEL = 'experiment_stop_acks';
/** How long a stop waits for a live owner's confirmation before it returns anyway. */
export const STOP_ACK_TIMEOUT_MS = 1_000;

const eventSchema = z.discriminatedUnion('kind', [
  // Created or resumed: every worker tries to claim it; the least-loaded one wins.
  z.object({ kind: z.literal('queued'), id: z.uuid() }),
  // Stopped by its user: the owner dispatches nothing more; calls in flight finish.
  z.object({ kind: z.literal('stopped'), id: z.uuid() }),
  // Deleted or stopped now: the owner aborts its calls in flight too.
  z.object({ kind: z.literal('revoked'), id: z.uuid() }),
  // A worker checking that its own LISTEN connection still hears the channel.
  z.object({ kind: z.literal('ping'), worker: z.string(), token: z.string() }),
]);
export type ExperimentEvent = z.infer<typeof eventSchema>;
export type ExperimentNotice = Exclude<ExperimentEvent, { kind: 'ping' }>;

/** Sent in the caller's transaction: workers hear of the change exactly when it commits. */
export async function notifyExperiment(db: DbOrTx, event: ExperimentEvent) {
  await db.execute(sql`select pg_notify(${EXPERIMENT_EVENTS_CHANNEL}, ${JSON.stringify(event)})`);
}

export function parseExperimentEvent(payload: string): ExperimentEvent | null {
  try {
    const parsed = eventSchema.safeParse(JSON.parse(payload));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * A worker's LISTEN on a connection of its own. postgres.js re-listens after a dropped connection,
 * but a reconnect that fails while the server is down can leave it deaf; so on every check the
 * worker pings itself through the channel, and a ping it never heard back means a fresh connection.
 * `onListen` runs on every (re)connect: notices sent while it was deaf are lost, so the caller
 * catches up from the database there.
 */
export class ExperimentEventListener {
  private client: postgres.Sql | null = null;
  private unheardPing: string | null = null;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(private readonly p: {
    url: string; db: DbOrTx; workerId: string; checkEveryMs: number;
    onNotice: (e: ExperimentNotice) => void;
    onListen: () => void;
  }) {}

  async start() {
    await this.connect();
    this.timer = setInterval(() => {
      this.check().catch((err) => console.error('[worker] notification listener check failed; will retry', (err as Error).message));
    }, this.p.checkEveryMs);
    this.timer.unref();
  }

  private async connect() {
    const client = postgres(this.p.url, { max: 1, onnotice: () => {} });
    this.client = client;
    try {
      await client.listen(EXPERIMENT_EVENTS_CHANNEL, (payload) => this.onPayload(payload), () => {
        if (!this.closed) this.p.onListen();
      });
    } catch (err) {
      if (this.client === client) this.client = null;
      await client.end({ timeout: 0 }).catch(() => {});
      throw err;
    }
  }

  private onPayload(payload: string) {
    const event = parseExperimentEvent(payload);
    if (!event || this.closed) return;
    if (event.kind === 'ping') {
      if (event.worker === this.p.workerId && event.token === this.unheardPing) this.unheardPing = null;
      return;
    }
    this.p.onNotice(event);
  }

  /** The ping sent at the last check was never heard: the connection is deaf, open a new one. */
  private async check() {
    if (this.closed) return;
    if (!this.client || this.unheardPing) {
      console.warn('[worker] notification listener is not hearing; reconnecting');
      const old = this.client;
      this.client = null;
      this.unheardPing = null;
      await old?.end({ timeout: 0 }).catch(() => {});
      await this.connect();
    }
    const token = crypto.randomBytes(6).toString('hex');
    this.unheardPing = token;
    await notifyExperiment(this.p.db, { kind: 'ping', worker: this.p.workerId, token });
  }

  async close() {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await this.client?.end({ timeout: 1 }).catch(() => {});
    this.client = null;
  }
}

/** The owner has stopped dispatching for this experiment. */
export async function acknowledgeStop(db: DbOrTx, experimentId: string) {
  await db.execute(sql`select pg_notify(${STOP_ACK_CHANNEL}, ${experimentId})`);
}

interface AckListener { ready: Promise<boolean>; waiters: Map<string, Set<() => void>> }
const ackListeners = new WeakMap<postgres.Sql, AckListener>();

/** One LISTEN per database client (postgres.js gives it a connection of its own), shared by every stop. */
function ackListener(client: postgres.Sql): AckListener {
  let l = ackListeners.get(client);
  if (!l) {
    const waiters = new Map<string, Set<() => void>>();
    const ready = client.listen(STOP_ACK_CHANNEL, (id) => { for (const done of waiters.get(id) ?? []) done(); })
      .then(() => true, (err) => {
        console.error('[stop] cannot listen for stop confirmations', (err as Error).message);
        ackListeners.delete(client); // the next stop tries again
        return false;
      });
    l = { ready, waiters };
    ackListeners.set(client, l);
  }
  return l;
}

const within = <T>(p: Promise<T>, ms: number, fallback: T): Promise<T> => {
  let timer: NodeJS.Timeout;
  return Promise.race([p, new Promise<T>((r) => { timer = setTimeout(() => r(fallback), ms); })]).finally(() => clearTimeout(timer));
};

/**
 * Runs `stop` (which commits the stop and its notice) and, when it reports a live owner, waits
 * (at most `timeoutMs`) for the owner's confirmation that it dispatches nothing more, so no new call
 * starts after the stop returns. Without a client to listen on, it only stops.
 */
export async function stopAndAwaitOwner<T>(
  client: postgres.Sql | null, experimentId: string, stop: () => Promise<{ result: T; liveOwner: boolean }>, timeoutMs = STOP_ACK_TIMEOUT_MS,
): Promise<{ result: T; confirmed: boolean }> {
  if (!client) return { result: (await stop()).result, confirmed: false };
  const listener = ackListener(client);
  let confirm!: () => void;
  const confirmed = new Promise<true>((resolve) => { confirm = () => resolve(true); });
  const set = listener.waiters.get(experimentId) ?? new Set();
  set.add(confirm);
  listener.waiters.set(experimentId, set);
  try {
    // Listening before the stop commits, so a confirmation cannot slip past.
    const listening = await within(listener.ready, timeoutMs, false);
    const { result, liveOwner } = await stop();
    if (!listening || !liveOwner) return { result, confirmed: false };
    return { result, confirmed: await within(confirmed, timeoutMs, false) };
  } finally {
    set.delete(confirm);
    if (!set.size && listener.waiters.get(experimentId) === set) listener.waiters.delete(experimentId);
  }
}
