// The rate a provider actually accepted lately: sends minus 429s per 100 ms slot over the last
// 2 s. The token bucket cuts from it rather than from a nominal rate the provider never honoured.
const SLOT_MS = 100;
const SLOTS = 20;
/** Measured over at least this long, so a provider's initial burst allowance does not read as its rate. */
const MIN_SPAN_MS = 1000;

export class AcceptedRate {
  private readonly sent = new Array<number>(SLOTS).fill(0);
  private readonly refused = new Array<number>(SLOTS).fill(0);
  private slotAt: number;
  private firstSendAt = -Infinity;

  constructor(now: number) {
    this.slotAt = Math.floor(now / SLOT_MS);
  }

  onSend(now: number): void {
    this.advance(now);
    this.sent[this.slotAt % SLOTS]++;
    if (this.firstSendAt === -Infinity) this.firstSendAt = now;
  }

  onRefused(now: number): void {
    this.advance(now);
    this.refused[this.slotAt % SLOTS]++;
  }

  /** Requests per second sent and not refused over the last 2 s (at least 1 s). */
  perSecond(now: number): number {
    this.advance(now);
    let ok = 0;
    for (let i = 0; i < SLOTS; i++) ok += this.sent[i] - this.refused[i];
    const span = Math.min(SLOTS * SLOT_MS, Math.max(MIN_SPAN_MS, now - this.firstSendAt));
    return (Math.max(0, ok) * 1000) / span;
  }

  /** Moves the ring to `now`, clearing the slots that fell out of the window. */
  private advance(now: number): void {
    const current = Math.floor(now / SLOT_MS);
    const steps = Math.min(SLOTS, current - this.slotAt);
    for (let i = 1; i <= steps; i++) {
      const idx = (this.slotAt + i) % SLOTS;
      this.sent[idx] = 0;
      this.refused[idx] = 0;
    }
    if (current > this.slotAt) this.slotAt = current;
  }
}
