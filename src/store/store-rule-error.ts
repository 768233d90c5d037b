/**
 * What a store throws when a caller breaks a rule of the log. It is a bug in the caller (the block builder, the
 * snapshot writer), never a user error: the node stops writing rather than continue. `rule` says which rule, so
 * tests and logs need not read the message.
 */
export type StoreRule =
  | "genesis-exists"
  | "no-genesis"
  | "height"
  | "parent-hash"
  | "block-shape"
  | "transaction-index"
  | "duplicate-transaction"
  | "event-order"
  | "event-count"
  | "snapshot-block"
  | "query";

export class StoreRuleError extends Error {
  readonly rule: StoreRule;

  constructor(rule: StoreRule, message: string) {
    super(message);
    this.name = "StoreRuleError";
    this.rule = rule;
  }
}
