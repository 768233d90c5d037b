/** Where the node keeps its log: `--data-dir`, else `$FLOWSTAKE_DATA_DIR`, else `.flowstake/data` here. */
import { resolve } from "node:path";

export const DATA_DIR_ENV = "FLOWSTAKE_DATA_DIR";

export function dataDir(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (option !== undefined && option !== "") return resolve(option);
  const fromEnv = env[DATA_DIR_ENV];
  if (fromEnv !== undefined && fromEnv !== "") return resolve(fromEnv);
  return resolve(".flowstake", "data");
}
