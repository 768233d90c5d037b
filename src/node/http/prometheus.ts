/**
 * `GET /metrics`: the node's metrics in the Prometheus text exposition format 0.0.4 — per metric a `# HELP` and a
 * `# TYPE` line, then one `name{label="value"} number` line per sample.
 */
import type { EpochPhase } from "../../core/state.js";
import type { MetricsSnapshot } from "../service.js";

export const PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

const EPOCH_PHASES = ["staking_auction", "epoch_setup", "epoch_committed"] as const satisfies readonly EpochPhase[];

type Labels = Readonly<Record<string, string>>;

function number(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Number.POSITIVE_INFINITY) return "+Inf";
  if (value === Number.NEGATIVE_INFINITY) return "-Inf";
  return String(value);
}

function escapeLabel(value: string): string {
  return value.replaceAll("\\", "\\\\").replaceAll("\n", "\\n").replaceAll('"', '\\"');
}

function escapeHelp(text: string): string {
  return text.replaceAll("\\", "\\\\").replaceAll("\n", "\\n");
}

function sample(name: string, value: number, labels: Labels = {}): string {
  const pairs = Object.entries(labels).map(([key, v]) => `${key}="${escapeLabel(v)}"`);
  return `${name}${pairs.length === 0 ? "" : `{${pairs.join(",")}}`} ${number(value)}`;
}

class Exposition {
  private readonly lines: string[] = [];

  metric(name: string, type: "counter" | "gauge" | "histogram", help: string, samples: string[]): void {
    const full = `flowstake_${name}`;
    this.lines.push(`# HELP ${full} ${escapeHelp(help)}`, `# TYPE ${full} ${type}`);
    for (const line of samples) this.lines.push(`flowstake_${line}`);
  }

  text(): string {
    return `${this.lines.join("\n")}\n`;
  }
}

export function renderMetrics(m: MetricsSnapshot): string {
  const out = new Exposition();
  out.metric("transactions_submitted_total", "counter", "Transactions submitted to the node.", [
    sample("transactions_submitted_total", m.transactionsSubmitted),
  ]);
  out.metric("transactions_executed_total", "counter", "Transactions executed into a durable block.", [
    sample("transactions_executed_total", m.transactionsExecuted),
  ]);
  out.metric(
    "transactions_refused_total",
    "counter",
    "Transactions refused, by error code.",
    Object.keys(m.refusals)
      .sort()
      .map((code) => sample("transactions_refused_total", m.refusals[code] ?? 0, { code })),
  );
  out.metric("blocks_total", "counter", "Blocks written.", [sample("blocks_total", m.blocks)]);
  out.metric("height", "gauge", "Height of the latest durable block.", [sample("height", m.height)]);
  out.metric("queue_depth", "gauge", "Verified transactions waiting for the writer.", [
    sample("queue_depth", m.queueDepth),
  ]);

  const latency = "submit_to_durable_seconds";
  const buckets = [...m.latency.buckets].sort((a, b) => a.le - b.le);
  const bucketLines = buckets.map((b) => sample(`${latency}_bucket`, b.count, { le: number(b.le) }));
  if (buckets[buckets.length - 1]?.le !== Number.POSITIVE_INFINITY) {
    bucketLines.push(sample(`${latency}_bucket`, m.latency.count, { le: "+Inf" }));
  }
  out.metric(latency, "histogram", "Time from a transaction's submission to its block being durable.", [
    ...bucketLines,
    sample(`${latency}_sum`, m.latency.sum),
    sample(`${latency}_count`, m.latency.count),
  ]);

  out.metric("signature_verifications_total", "counter", "Account signatures verified.", [
    sample("signature_verifications_total", m.signatureVerifications),
  ]);
  out.metric("epoch_counter", "gauge", "The current epoch counter.", [sample("epoch_counter", m.epochCounter)]);
  const phases: string[] = [...EPOCH_PHASES];
  if (!phases.includes(m.epochPhase)) phases.push(m.epochPhase);
  out.metric(
    "epoch_phase",
    "gauge",
    "The current epoch phase: 1 for the phase the epoch is in, 0 for the others.",
    phases.map((phase) => sample("epoch_phase", phase === m.epochPhase ? 1 : 0, { phase })),
  );
  return out.text();
}
