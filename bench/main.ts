/**
 * `npm run bench [-- NAME]`: prints one JSON line per figure. NAME selects one benchmark (by its name or the name
 * of any figure it prints); without it every benchmark runs, each in a fresh process.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { epochTransitionBenchmark } from "./epoch-transition.js";
import { poolEpochBenchmark } from "./pool-epoch.js";
import { type Figure, print } from "./report.js";
import { restartBenchmark } from "./restart.js";
import { txThroughputBenchmark } from "./tx-throughput.js";

interface Benchmark {
  name: string;
  figures: readonly string[];
  run: () => Figure[] | Promise<Figure[]>;
}

const BENCHMARKS: readonly Benchmark[] = [
  {
    name: "epoch_transition",
    figures: [
      "epoch_transition_1m_delegators",
      "epoch_transition_events",
      "epoch_transition_event_objects",
      "memory_per_delegator",
      "compute_floor_1m_delegators",
      "epoch_transition_vs_floor",
    ],
    run: epochTransitionBenchmark,
  },
  {
    name: "pool_epoch",
    figures: ["pool_epoch_1m_members", "pool_epoch_10_members", "pool_epoch_member_scaling", "memory_per_pool_member"],
    run: poolEpochBenchmark,
  },
  {
    name: "restart",
    figures: ["restart_1m_delegators", "restart_replayed_blocks"],
    run: restartBenchmark,
  },
  {
    name: "tx_throughput",
    figures: [
      "signed_tx_per_second_http_durable",
      "signed_tx_latency_p50",
      "signed_tx_latency_p99",
      "signed_tx_refused_during_load",
      "p256_verify_per_second_one_thread",
      "load_generator_cores",
      "load_concurrency",
    ],
    run: txThroughputBenchmark,
  },
];

const wanted = process.argv[2];
const selected = BENCHMARKS.filter((b) => wanted === undefined || b.name === wanted || b.figures.includes(wanted));
if (selected.length === 0) {
  process.stderr.write(
    `unknown benchmark ${wanted}; known: ${BENCHMARKS.flatMap((b) => [b.name, ...b.figures]).join(", ")}\n`,
  );
  process.exit(2);
}
if (wanted === undefined) {
  // Each benchmark in a process of its own: the million-record worlds of one must not weigh on the next (the
  // throughput benchmark's load generator shares this process, and its garbage collector, with what ran before).
  for (const benchmark of selected) {
    const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), benchmark.name], {
      stdio: "inherit",
    });
    if (child.status !== 0) process.exit(child.status ?? 1);
  }
} else {
  for (const benchmark of selected) {
    for (const figure of await benchmark.run()) print(figure);
  }
}
