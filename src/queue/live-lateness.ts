/**
 * How late a paced live replay ran: a histogram of lateness in whole milliseconds (0 for on
 * time or early) up to 60 s, in fixed memory whatever the replay's length.
 */
export class LatenessHistogram {
  private readonly bins = new Uint32Array(60_001);
  count = 0;
  over10 = 0;
  over100 = 0;

  add(lateMs: number): void {
    const ms = Math.max(0, Math.ceil(lateMs));
    this.bins[Math.min(ms, this.bins.length - 1)]++;
    this.count++;
    if (ms > 10) this.over10++;
    if (ms > 100) this.over100++;
  }

  /** Lateness (ms) that a share q of the events did not exceed. */
  quantile(q: number): number {
    if (!this.count) return 0;
    const rank = Math.ceil(q * this.count);
    let seen = 0;
    for (let i = 0; i < this.bins.length; i++) {
      seen += this.bins[i];
      if (seen >= rank) return i;
    }
    return this.bins.length - 1;
  }

  merge(other: LatenessHistogram): void {
    for (let i = 0; i < this.bins.length; i++) this.bins[i] += other.bins[i];
    this.count += other.count;
    this.over10 += other.over10;
    this.over100 += other.over100;
  }

  summary(): LatenessSummary {
    return {
      count: this.count,
      over10ms: this.over10,
      over100ms: this.over100,
      p99ms: this.quantile(0.99),
    };
  }
}

export interface LatenessSummary {
  count: number;
  over10ms: number;
  over100ms: number;
  p99ms: number;
}
