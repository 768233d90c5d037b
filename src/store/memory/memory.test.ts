import { describeStoreContract } from "../contract.test-suite.js";
import { createMemoryStore, type MemoryLedgerStore } from "./memory-store.js";

describeStoreContract<MemoryLedgerStore>("memory", () => createMemoryStore({ snapshotsKept: 3 }), {
  snapshotsKept: 3,
  snapshotHeights: (store) => store.snapshotHeights(),
});
