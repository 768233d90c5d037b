/**
 * The typed HTTP client of a flowstake node: one method per route of docs/api.md. It uses only `fetch`, web
 * streams and `TextDecoder`, so the same code runs in Node 20 (the CLI) and in a browser (the dashboard).
 *
 * Every method resolves with the documented JSON or rejects with a `ClientError`: the node's error body when it
 * answered with one, `NODE_UNREACHABLE` / `NODE_TIMEOUT` / `INVALID_RESPONSE` when it did not.
 */
import { ClientError } from "./client-error.js";
import { createEventStreamParser } from "./event-stream.js";
import type {
  AccountPools,
  AccountView,
  BlockDetails,
  BlockHeader,
  BlockList,
  CandidateTable,
  DelegatorDetails,
  DelegatorList,
  EpochView,
  EventFilter,
  EventRecord,
  EventsPage,
  ExecutedTransaction,
  HealthView,
  NodeDelegatorsPage,
  NodeDetails,
  NodeIdTable,
  NodeList,
  ParamsView,
  PoolInfo,
  PoolList,
  PoolMember,
  QueryAnswer,
  QueryArguments,
  RewardQuote,
  SignedEnvelope,
  SlashingCase,
  SlashingCaseList,
  SlashingCaseStatus,
  SlashingParams,
  TableName,
  TransactionOutcome,
} from "./types.js";

export interface ClientOptions {
  /** Time limit of each request, in milliseconds, from sending it to reading the whole answer; 0 for none. */
  timeoutMs?: number;
  /** The `fetch` to use (tests, proxies); the global one by default. */
  fetch?: typeof fetch;
}

/** The default time limit: a submission waits until its block is durable, which takes milliseconds, not seconds. */
export const DEFAULT_TIMEOUT_MS = 30_000;

export interface EventSubscription {
  /** Resolves once the node accepted the subscription (events from now on will arrive); rejects as `done` does. */
  readonly ready: Promise<void>;
  /**
   * Resolves when the stream ends: `close()` was called, the signal aborted, or the node closed it. Rejects with a
   * `ClientError` when it could not connect, the node refused, the connection broke, or an event was not JSON; an
   * exception thrown by `onEvent` ends the stream and rejects `done` with that exception.
   */
  readonly done: Promise<void>;
  /** Stops the stream; `done` then resolves. */
  close(): void;
}

export interface SubscribeOptions {
  /** Aborting it closes the subscription. */
  signal?: AbortSignal;
  /**
   * Start with the log's events after this sequence (a resume point: the last `sequence` received), then carry on
   * live. Without it the stream starts with the next block. Sent as `after=`; the node's stream accepts it.
   */
  after?: number;
}

export interface FlowstakeClient {
  /** The node's base URL, without a trailing slash. */
  readonly baseUrl: string;
  /** `POST /v1/transactions`: waits until the transaction's block is durable. */
  submitTransaction(envelope: SignedEnvelope): Promise<TransactionOutcome>;
  /** `GET /v1/transactions/{id}`. */
  getTransaction(id: string): Promise<ExecutedTransaction>;
  /** `GET /v1/accounts/{address}`. */
  getAccount(address: string): Promise<AccountView>;
  /** `GET /v1/nodes?role=R`. */
  listNodes(filter?: { role?: number }): Promise<NodeList>;
  /** `GET /v1/nodes/{nodeId}`. */
  getNode(nodeId: string): Promise<NodeDetails>;
  /** `GET /v1/nodes/{nodeId}/delegators?offset=&limit=` (limit ≤ 1000). */
  listNodeDelegators(nodeId: string, page?: { offset?: number; limit?: number }): Promise<NodeDelegatorsPage>;
  /** `GET /v1/nodes/{nodeId}/delegators/{delegatorId}`. */
  getDelegator(nodeId: string, delegatorId: number): Promise<DelegatorDetails>;
  /** `GET /v1/delegators?owner={address}`. */
  listDelegatorsByOwner(owner: string): Promise<DelegatorList>;
  /** `GET /v1/tables/{current,proposed,approved}`. */
  getTable(name: TableName): Promise<NodeIdTable>;
  /** `GET /v1/tables/candidates`. */
  getCandidates(): Promise<CandidateTable>;
  /** `GET /v1/epoch`. */
  getEpoch(): Promise<EpochView>;
  /** `GET /v1/params`. */
  getParams(): Promise<ParamsView>;
  /** `GET /v1/rewards/quote?nodeId=&delegatorId=`. */
  getRewardQuote(target: { nodeId: string; delegatorId?: number }): Promise<RewardQuote>;
  /** `GET /v1/pools`: every pool's summary, by pool ID. */
  listPools(): Promise<PoolList>;
  /** `GET /v1/pools/{poolId}`: the `pool_info` query. */
  getPool(poolId: number): Promise<PoolInfo>;
  /** `GET /v1/pools/{poolId}/members/{address}`: the `pool_member` query. */
  getPoolMember(poolId: number, address: string): Promise<PoolMember>;
  /** `GET /v1/accounts/{address}/pools`: the pools an account runs or has a position in. */
  listAccountPools(address: string): Promise<AccountPools>;
  /** `GET /v1/slashing/cases?status=`. */
  listSlashingCases(filter?: { status?: SlashingCaseStatus }): Promise<SlashingCaseList>;
  /** `GET /v1/slashing/cases/{caseId}`: the `slashing_case` query. */
  getSlashingCase(caseId: number): Promise<SlashingCase>;
  /** `GET /v1/slashing/params`. */
  getSlashingParams(): Promise<SlashingParams>;
  /** `GET /v1/query/{name}?…`: any query of plan-format.md, its arguments as query parameters. */
  query(name: string, args?: QueryArguments): Promise<QueryAnswer>;
  /** `GET /v1/blocks?from=&limit=` (limit ≤ 1000). */
  listBlocks(range?: { from?: number; limit?: number }): Promise<BlockList>;
  /** `GET /v1/blocks/latest`. */
  getLatestBlock(): Promise<BlockHeader>;
  /** `GET /v1/blocks/{height}`. */
  getBlock(height: number): Promise<BlockDetails>;
  /** `GET /v1/events?type=…&fromHeight=&toHeight=&after=&limit=` (limit ≤ 10000). */
  listEvents(filter?: EventFilter): Promise<EventsPage>;
  /**
   * `GET /v1/events/stream?type=…`: calls `onEvent` for each `ledger` message as blocks commit. An empty `types`
   * subscribes to every type. There is no automatic reconnection: after `done` settles, subscribe again with
   * `after` set to the last sequence received.
   */
  subscribeEvents(
    types: readonly string[],
    onEvent: (record: EventRecord) => void,
    options?: SubscribeOptions,
  ): EventSubscription;
  /** `GET /health`: the body on 200 and on 503 (the writer stopped) alike. */
  health(): Promise<HealthView>;
  /** `GET /metrics`: Prometheus text. */
  metrics(): Promise<string>;
  /** `GET /openapi.json`. */
  openApi(): Promise<Record<string, unknown>>;
}

type QueryValue = string | number | readonly string[] | undefined;

function queryString(params: Record<string, QueryValue>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined) continue;
    if (typeof value === "object") for (const item of value) search.append(name, item);
    else search.append(name, String(value));
  }
  const text = search.toString();
  return text === "" ? "" : `?${text}`;
}

function segment(value: string | number): string {
  return encodeURIComponent(String(value));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describeCause(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause: unknown = error.cause;
  if (cause instanceof Error && cause.message !== "") return cause.message;
  return error.message;
}

function snippet(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat;
}

/** The `ClientError` for an answer that is not 2xx: the node's error body, or `INVALID_RESPONSE`. */
function errorFromBody(status: number, text: string, url: string): ClientError {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const error = isObject(body) ? body.error : undefined;
  if (isObject(error) && typeof error.code === "string" && typeof error.message === "string") {
    const details = isObject(error.details) ? error.details : {};
    return new ClientError(error.code, error.message, details, status);
  }
  return new ClientError(
    "INVALID_RESPONSE",
    `the node answered ${url} with HTTP ${status} and no error body: ${snippet(text) || "(empty)"}`,
    { url },
    status,
  );
}

/** A client for the node at `baseUrl` (e.g. `http://127.0.0.1:8700`; a path prefix is kept). */
export function createClient(baseUrl: string, options: ClientOptions = {}): FlowstakeClient {
  const parsed = new URL(baseUrl);
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new TypeError(`a node URL must be http: or https:, got ${baseUrl}`);
  }
  const base = baseUrl.replace(/\/+$/, "");
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const doFetch: typeof fetch = options.fetch ?? ((input, init) => fetch(input, init));

  function unreachable(url: string, error: unknown): ClientError {
    return new ClientError("NODE_UNREACHABLE", `cannot reach the node at ${base}: ${describeCause(error)}`, {
      url,
    });
  }

  function timedOut(url: string): ClientError {
    return new ClientError("NODE_TIMEOUT", `the node at ${base} did not answer within ${timeoutMs} ms`, {
      url,
      timeoutMs,
    });
  }

  /** Sends one request and reads the whole answer under the time limit. */
  async function exchange(path: string, init: RequestInit): Promise<{ status: number; text: string; url: string }> {
    const url = `${base}${path}`;
    const controller = new AbortController();
    let expired = false;
    const timer =
      timeoutMs > 0
        ? setTimeout(() => {
            expired = true;
            controller.abort();
          }, timeoutMs)
        : undefined;
    try {
      const response = await doFetch(url, { ...init, signal: controller.signal });
      const text = await response.text();
      return { status: response.status, text, url };
    } catch (error) {
      throw expired ? timedOut(url) : unreachable(url, error);
    } finally {
      if (timer !== undefined) clearTimeout(timer);
    }
  }

  function parseJson(text: string, url: string, status: number): unknown {
    try {
      return JSON.parse(text);
    } catch {
      throw new ClientError(
        "INVALID_RESPONSE",
        `the node's answer to ${url} is not JSON: ${snippet(text)}`,
        { url },
        status,
      );
    }
  }

  async function request<T>(
    path: string,
    init: { method: "GET" | "POST"; body?: string },
    acceptStatus: readonly number[] = [],
  ): Promise<T> {
    const headers: Record<string, string> = { accept: "application/json" };
    if (init.body !== undefined) headers["content-type"] = "application/json";
    const { status, text, url } = await exchange(path, { ...init, headers });
    if ((status < 200 || status > 299) && !acceptStatus.includes(status)) throw errorFromBody(status, text, url);
    const body = parseJson(text, url, status);
    if (!isObject(body)) {
      throw new ClientError("INVALID_RESPONSE", `the node's answer to ${url} is not a JSON object`, { url }, status);
    }
    // The documented shape (docs/api.md); the node's schemas guarantee it.
    return body as T;
  }

  function get<T>(path: string): Promise<T> {
    return request<T>(path, { method: "GET" });
  }

  function subscribeEvents(
    types: readonly string[],
    onEvent: (record: EventRecord) => void,
    subscribeOptions: SubscribeOptions = {},
  ): EventSubscription {
    const url = `${base}/v1/events/stream${queryString({ type: types, after: subscribeOptions.after })}`;
    const controller = new AbortController();
    let closing = false;
    let settleReady: (error?: unknown) => void = () => {};
    const ready = new Promise<void>((resolve, reject) => {
      settleReady = (error?: unknown) => (error === undefined ? resolve() : reject(error));
    });
    // `done` carries the same failure; `ready` must not also count as an unhandled rejection.
    ready.catch(() => {});

    const close = (): void => {
      closing = true;
      controller.abort();
    };
    const signal = subscribeOptions.signal;
    if (signal !== undefined) {
      if (signal.aborted) close();
      else signal.addEventListener("abort", close, { once: true });
    }

    class CallbackFailure {
      constructor(readonly error: unknown) {}
    }

    async function run(): Promise<void> {
      let expired = false;
      const timer =
        timeoutMs > 0
          ? setTimeout(() => {
              expired = true;
              controller.abort();
            }, timeoutMs)
          : undefined;
      let response: Response;
      try {
        response = await doFetch(url, { headers: { accept: "text/event-stream" }, signal: controller.signal });
      } catch (error) {
        if (closing) return;
        throw expired ? timedOut(url) : unreachable(url, error);
      } finally {
        if (timer !== undefined) clearTimeout(timer);
      }
      if (!response.ok) {
        let text = "";
        try {
          text = await response.text();
        } catch {
          text = "";
        }
        throw errorFromBody(response.status, text, url);
      }
      const body = response.body;
      if (body === null) throw new ClientError("INVALID_RESPONSE", `the node's stream ${url} has no body`, { url });
      settleReady();
      const reader = body.getReader();
      const decoder = new TextDecoder();
      const parser = createEventStreamParser((message) => {
        if (message.event !== "ledger") return;
        let record: unknown;
        try {
          record = JSON.parse(message.data);
        } catch {
          throw new ClientError("INVALID_RESPONSE", `an event of ${url} is not JSON: ${snippet(message.data)}`, {
            url,
          });
        }
        if (!isObject(record) || !isObject(record.event)) {
          throw new ClientError("INVALID_RESPONSE", `an event of ${url} is not an event record`, { url });
        }
        try {
          onEvent(record as unknown as EventRecord);
        } catch (error) {
          throw new CallbackFailure(error);
        }
      });
      try {
        for (;;) {
          const chunk = await reader.read();
          if (chunk.done) break;
          parser.push(decoder.decode(chunk.value, { stream: true }));
        }
        parser.push(decoder.decode());
        parser.end();
      } catch (error) {
        controller.abort();
        if (error instanceof CallbackFailure) throw error.error;
        if (error instanceof ClientError) throw error;
        if (closing) return;
        throw new ClientError("NODE_UNREACHABLE", `the event stream from ${base} broke: ${describeCause(error)}`, {
          url,
        });
      } finally {
        signal?.removeEventListener("abort", close);
      }
    }

    const done = run().then(
      () => settleReady(),
      (error: unknown) => {
        settleReady(error);
        throw error;
      },
    );
    return { ready, done, close };
  }

  return {
    baseUrl: base,
    submitTransaction: (envelope) =>
      request<TransactionOutcome>("/v1/transactions", { method: "POST", body: JSON.stringify(envelope) }),
    getTransaction: (id) => get<ExecutedTransaction>(`/v1/transactions/${segment(id)}`),
    getAccount: (address) => get<AccountView>(`/v1/accounts/${segment(address)}`),
    listNodes: (filter = {}) => get<NodeList>(`/v1/nodes${queryString({ role: filter.role })}`),
    getNode: (nodeId) => get<NodeDetails>(`/v1/nodes/${segment(nodeId)}`),
    listNodeDelegators: (nodeId, page = {}) =>
      get<NodeDelegatorsPage>(
        `/v1/nodes/${segment(nodeId)}/delegators${queryString({ offset: page.offset, limit: page.limit })}`,
      ),
    getDelegator: (nodeId, delegatorId) =>
      get<DelegatorDetails>(`/v1/nodes/${segment(nodeId)}/delegators/${segment(delegatorId)}`),
    listDelegatorsByOwner: (owner) => get<DelegatorList>(`/v1/delegators${queryString({ owner })}`),
    getTable: (name) => get<NodeIdTable>(`/v1/tables/${segment(name)}`),
    getCandidates: () => get<CandidateTable>("/v1/tables/candidates"),
    getEpoch: () => get<EpochView>("/v1/epoch"),
    getParams: () => get<ParamsView>("/v1/params"),
    getRewardQuote: (target) =>
      get<RewardQuote>(`/v1/rewards/quote${queryString({ nodeId: target.nodeId, delegatorId: target.delegatorId })}`),
    listPools: () => get<PoolList>("/v1/pools"),
    getPool: (poolId) => get<PoolInfo>(`/v1/pools/${segment(poolId)}`),
    getPoolMember: (poolId, address) => get<PoolMember>(`/v1/pools/${segment(poolId)}/members/${segment(address)}`),
    listAccountPools: (address) => get<AccountPools>(`/v1/accounts/${segment(address)}/pools`),
    listSlashingCases: (filter = {}) =>
      get<SlashingCaseList>(`/v1/slashing/cases${queryString({ status: filter.status })}`),
    getSlashingCase: (caseId) => get<SlashingCase>(`/v1/slashing/cases/${segment(caseId)}`),
    getSlashingParams: () => get<SlashingParams>("/v1/slashing/params"),
    query: (name, args = {}) =>
      get<QueryAnswer>(
        `/v1/query/${segment(name)}${queryString({
          nodeId: args.nodeId,
          delegatorId: args.delegatorId,
          role: args.role,
          account: args.account,
          poolId: args.poolId,
          caseId: args.caseId,
        })}`,
      ),
    listBlocks: (range = {}) => get<BlockList>(`/v1/blocks${queryString({ from: range.from, limit: range.limit })}`),
    getLatestBlock: () => get<BlockHeader>("/v1/blocks/latest"),
    getBlock: (height) => get<BlockDetails>(`/v1/blocks/${segment(height)}`),
    listEvents: (filter = {}) =>
      get<EventsPage>(
        `/v1/events${queryString({
          type: filter.types,
          fromHeight: filter.fromHeight,
          toHeight: filter.toHeight,
          after: filter.after,
          limit: filter.limit,
        })}`,
      ),
    subscribeEvents,
    health: () => request<HealthView>("/health", { method: "GET" }, [503]),
    metrics: async () => {
      const { status, text, url } = await exchange("/metrics", { method: "GET", headers: { accept: "text/plain" } });
      if (status < 200 || status > 299) throw errorFromBody(status, text, url);
      return text;
    },
    openApi: () => get<Record<string, unknown>>("/openapi.json"),
  };
}
