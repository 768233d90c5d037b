/** What every operation receives: the state it may change, who signed, the key verifier, and where events go. */
import type { EventLog } from "./events.js";
import type { AccountId } from "./ids.js";
import type { NodeKeyVerifier } from "./keys.js";
import type { LedgerState } from "./state.js";

export interface OperationContext {
  readonly state: LedgerState;
  readonly signer: AccountId;
  /** Needed only when the ledger validates keys in `"full"` mode. */
  readonly verifier: NodeKeyVerifier | undefined;
  /** The block's time in milliseconds (0 in the simulator). Epoch phases measure time by it, never by a clock. */
  readonly time: number;
  /** Events in emission order. An operation pushes only after all its checks passed. */
  readonly events: EventLog;
}
