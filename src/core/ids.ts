/** Identifiers. Branded so an account name cannot be passed where a node ID is expected. */
declare const nodeIdBrand: unique symbol;
declare const accountIdBrand: unique symbol;

/** 64 lowercase hex characters (32 bytes), checked at registration; lookups accept any string. */
export type NodeId = string & { readonly [nodeIdBrand]: true };
/** An account: a name in the simulator, a 16-hex-character address in the node. */
export type AccountId = string & { readonly [accountIdBrand]: true };
/** Delegator IDs are 1, 2, 3, … per node (§3.1); the pair (node ID, delegator ID) is unique. */
export type DelegatorId = number;

export function asNodeId(value: string): NodeId {
  return value as NodeId;
}

export function asAccountId(value: string): AccountId {
  return value as AccountId;
}

const HEX64 = /^[0-9a-f]{64}$/;

export function isLowercaseHex(value: string, length: number): boolean {
  if (value.length !== length) return false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}

export function isNodeId(value: string): boolean {
  return HEX64.test(value);
}
