/** The typed HTTP client of a flowstake node (docs/api.md), for the CLI and the dashboard: fetch and web streams only. */
export {
  CLIENT_ERROR_CODES,
  ClientError,
  type ClientErrorCode,
  isClientError,
  isClientErrorCode,
} from "./client-error.js";
export { createEventStreamParser, type EventStreamMessage, type EventStreamParser } from "./event-stream.js";
export {
  type ClientOptions,
  createClient,
  DEFAULT_TIMEOUT_MS,
  type EventSubscription,
  type FlowstakeClient,
  type SubscribeOptions,
} from "./http-client.js";
export type * from "./types.js";
