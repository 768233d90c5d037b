/**
 * A canned node for tests: a `node:http` server on a free loopback port that records every request and answers
 * with whatever the test's `reply` returns. Test-only (excluded from the build), which is why it may use `node:*`.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  method: string;
  /** The path without the query string, e.g. `/v1/nodes/…/delegators`. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

export type CannedReply =
  | { status?: number; json: unknown }
  | { status?: number; text: string; contentType?: string }
  /** Writes the answer itself (server-sent events); the server does not end it. */
  | { stream: (response: ServerResponse) => void };

export interface CannedNode {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

export function apiError(status: number, code: string, message: string, details: Record<string, unknown> = {}) {
  return { status, json: { error: { code, message, details } } };
}

export async function startCannedNode(
  reply: (request: RecordedRequest) => CannedReply | undefined,
): Promise<CannedNode> {
  const requests: RecordedRequest[] = [];
  const open = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://canned");
      const recorded: RecordedRequest = {
        method: req.method ?? "GET",
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      requests.push(recorded);
      const answer = reply(recorded) ?? apiError(404, "NOT_FOUND", `no canned answer for ${recorded.path}`);
      if ("stream" in answer) {
        open.add(res);
        res.on("close", () => open.delete(res));
        answer.stream(res);
        return;
      }
      if ("json" in answer) {
        res.writeHead(answer.status ?? 200, { "content-type": "application/json" });
        res.end(JSON.stringify(answer.json));
        return;
      }
      res.writeHead(answer.status ?? 200, { "content-type": answer.contentType ?? "text/plain" });
      res.end(answer.text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const res of open) res.destroy();
        server.closeAllConnections();
        server.close((error) => (error === undefined ? resolve() : reject(error)));
      }),
  };
}
