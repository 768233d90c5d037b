/**
 * flowstake as a library: the staking state machine, its queries and invariants, and the plan simulator.
 * Importable without the node; nothing here does I/O.
 */
export {
  type Amount,
  add,
  div,
  formatAmount,
  MAX_AMOUNT,
  mul,
  ONE,
  parseAmount,
  parseJsonAmount,
  sub,
  units,
  ZERO,
} from "./core/amount.js";
export { type DelegatorRecord, type DelegatorTable, readDelegator } from "./core/delegators.js";
export { ERROR_CODES, type ErrorCode, isLedgerError, LedgerError } from "./core/errors.js";
export { EVENT_TYPES, EventLog, type EventType, type LedgerEvent } from "./core/events.js";
export { type AccountId, asAccountId, asNodeId, type DelegatorId, type NodeId } from "./core/ids.js";
export {
  assertInvariants,
  checkInvariants,
  INVARIANTS,
  InvariantError,
  type InvariantName,
  type InvariantViolation,
} from "./core/invariants.js";
export type { KeyValidation, NodeKeyVerifier } from "./core/keys.js";
export {
  ADMIN_OPERATIONS,
  type AdminOperation,
  type Applied,
  type AppliedCompact,
  type ApplyOptions,
  apply,
  applyCompact,
  type Operation,
  type OperationName,
  type OperationResult,
  USER_OPERATIONS,
  type UserOperation,
} from "./core/operations.js";
export {
  type DelegatorInfo,
  delegatorInfo,
  type NodeInfo,
  nodeInfo,
  proposedTable,
  QUERY_NAMES,
  type Query,
  type QueryName,
  type QueryValue,
  runQuery,
} from "./core/queries.js";
export { ROLE_NAMES, ROLES, type Role } from "./core/roles.js";
export {
  type Account,
  createLedger,
  type GenesisConfig,
  type LedgerState,
  type NodeRecord,
  type StakingParams,
} from "./core/state.js";
export { stateHash } from "./core/state-hash.js";
export { outcomeLine, toJson } from "./sim/json.js";
export { type Plan, PlanError, type PlanStep, parsePlan, parsePlanText } from "./sim/plan.js";
export { createPlanLedger, runPlan, runStep, type SimulationOptions, type StepOutcome } from "./sim/run.js";
