/** Counters and the submit-to-durable latency histogram behind `GET /metrics`. */
import type { MetricsSnapshot } from "./service.js";

/** Latency bucket bounds, in seconds. */
const BUCKETS = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export class NodeMetrics {
  transactionsSubmitted = 0;
  transactionsExecuted = 0;
  blocks = 0;
  signatureVerifications = 0;
  private readonly refusals = new Map<string, number>();
  private readonly bucketCounts = BUCKETS.map(() => 0);
  private latencySum = 0;
  private latencyCount = 0;

  refused(code: string): void {
    this.refusals.set(code, (this.refusals.get(code) ?? 0) + 1);
  }

  observeLatency(seconds: number): void {
    this.latencySum += seconds;
    this.latencyCount += 1;
    for (let i = 0; i < BUCKETS.length; i++) {
      if (seconds <= (BUCKETS[i] ?? Number.POSITIVE_INFINITY)) this.bucketCounts[i] = (this.bucketCounts[i] ?? 0) + 1;
    }
  }

  snapshot(live: Pick<MetricsSnapshot, "height" | "epochCounter" | "epochPhase" | "queueDepth">): MetricsSnapshot {
    return {
      ...live,
      transactionsSubmitted: this.transactionsSubmitted,
      transactionsExecuted: this.transactionsExecuted,
      refusals: Object.fromEntries(this.refusals),
      blocks: this.blocks,
      signatureVerifications: this.signatureVerifications,
      latency: {
        buckets: BUCKETS.map((le, i) => ({ le, count: this.bucketCounts[i] ?? 0 })),
        sum: this.latencySum,
        count: this.latencyCount,
      },
    };
  }
}
