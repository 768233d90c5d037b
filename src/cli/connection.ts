/** Which node the CLI talks to: `--node URL`, else `$FLOWSTAKE_NODE`, else the local default. */
import type { Command } from "commander";
import { createClient, type FlowstakeClient } from "../client/index.js";
import { UsageError } from "./exit.js";

export const DEFAULT_NODE_URL = "http://127.0.0.1:8700";
export const NODE_ENV = "FLOWSTAKE_NODE";

export function nodeUrl(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const url = option ?? (env[NODE_ENV] !== undefined && env[NODE_ENV] !== "" ? env[NODE_ENV] : DEFAULT_NODE_URL);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`--node must be a URL such as ${DEFAULT_NODE_URL}, got ${JSON.stringify(url)}`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new UsageError(`--node must be an http:// or https:// URL, got ${JSON.stringify(url)}`);
  }
  return url;
}

export function connect(options: { node?: string | undefined }): FlowstakeClient {
  return createClient(nodeUrl(options.node));
}

/** The options every command that reads from a node has: `--node URL` and `--json`. */
export function addReadOptions(command: Command): Command {
  return command
    .option("--node <url>", `the node's URL (default $${NODE_ENV} or ${DEFAULT_NODE_URL})`)
    .option("--json", "print the API's JSON as received");
}

export interface ReadOptions {
  node?: string;
  json?: boolean;
}
