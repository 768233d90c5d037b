// Random, well-formed plans (plan-format.md, "keyValidation": "format") for differential testing.
// The generator is state-unaware on purpose: it draws amounts from a small menu of interesting
// values (0, one unit, fractional, at and around the minimums, huge) and signers that are usually,
// but not always, the owner, so that every operation both succeeds and fails across a run.

/** Small, fast, seedable PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Step = Record<string, unknown>;

const ACCOUNT_NAMES = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi"];
const ROLE_MINIMUM = ["50", "250000", "500000", "1250000", "135000", "100"]; // index = role; 0 = the default delegator minimum
const HUGE = "184467440737.09551615";
const INVALID_ADDRESSES = [
  "",
  "host.com:65536",
  "123.234.56.23:3569",
  "[2001:db8::1]:3569",
  "host.3:3569",
  "abcd.xyz.com",
  `${"a".repeat(507)}.io:1`,
  "198.234.124.123:3569",
  "bad host.org:3569",
  "host.org:0",
];

interface PlannedNode {
  id: string;
  role: number;
  owner: string;
  address: string;
  networkingKey: string;
  stakingKey: string;
  delegatorOwners: Map<number, string>; // delegator IDs the generator believes exist
  /** A registration was attempted without a deliberate flaw (the generator's guess that the node exists). */
  registered: boolean;
  /** The generator's guess that the node is on the approved list. */
  approved: boolean;
}

/** A 64-hex node ID like "00…0a1". */
function nodeId(k: number): string {
  return (0xa0 + k).toString(16).padStart(64, "0");
}

export function randomPlan(rng: () => number, opts?: { steps?: number }): object {
  const stepsWanted = opts?.steps ?? 150;
  const int = (lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
  const chance = (p: number) => rng() < p;
  const pick = <T>(xs: readonly T[]): T => {
    const x = xs[Math.floor(rng() * xs.length)];
    if (x === undefined) throw new Error("pick from an empty list");
    return x;
  };

  // ── world ──
  const accountCount = int(3, 8);
  const accounts = ACCOUNT_NAMES.slice(0, accountCount);
  const listed: Record<string, string> = {};
  for (const a of accounts) {
    // most accounts are listed; an unlisted one comes into being with defaultBalance (D3)
    if (chance(0.85)) listed[a] = pick(["3000000.0", "5000000.12345678", "1500000", "2600000.5", "3000000", "2000"]);
  }
  if (chance(0.5)) listed.admin = "0";

  const roles = [1, 2, 3, 4, 5];
  const params: Record<string, unknown> = {
    keyValidation: "format",
    epochTokenPayout: pick(["1250000.0", "1234567.89012345", "1000", "0.00000001", "987654.32109876"]),
    rewardCutPercentage: pick(["0.08", "0.1", "0.33333333", "0.00000001"]),
    delegatorMinimum: pick(["50.0", "100.5", "0.00000001"]),
    defaultBalance: pick(["1000000000.0", "2000000", "250000.5"]),
    seed: `seed-${int(0, 1_000_000)}`,
  };
  if (chance(0.7)) {
    params.candidateNodeLimits = Object.fromEntries(roles.map((r) => [String(r), int(1, 4)]));
  }
  if (chance(0.7)) {
    params.slotLimits = Object.fromEntries(roles.map((r) => [String(r), int(1, 3)]));
  }
  if (chance(0.2)) {
    params.minimumStakes = { "1": "250000", "2": "500000", "3": "1250000", "4": "1000", "5": "0.5" };
  }

  // ── nodes the plan will try to register ──
  const nodes: PlannedNode[] = [];
  const nodeCount = int(6, 12);
  for (let k = 1; k <= nodeCount; k++) {
    const hex = k.toString(16).padStart(3, "0");
    nodes.push({
      id: nodeId(k),
      role: pick([1, 2, 3, 4, 4, 5, 5, 5]),
      owner: pick(accounts),
      address: `node-${k}.example.org:${3569 + k}`,
      networkingKey: `c${hex}`.repeat(32),
      stakingKey: `d${hex}`.repeat(48),
      delegatorOwners: new Map(),
      registered: false,
      approved: false,
    });
  }
  const anyNode = () => pick(nodes);
  const registeredNodes = () => nodes.filter((n) => n.registered);
  const someNode = () => {
    const r = registeredNodes();
    return r.length > 0 && chance(0.9) ? pick(r) : anyNode();
  };
  const someAccount = () => (chance(0.05) ? "mallory" : pick(accounts));
  const signerFor = (owner: string) => (chance(0.85) ? owner : someAccount());

  const amountFor = (role: number) => {
    const min = ROLE_MINIMUM[role] ?? "100";
    return pick([
      "0",
      "0.00000001",
      "1234.56789012",
      "50",
      "49.99999999",
      "10000",
      "100000",
      min,
      min,
      `${min}.00000001`,
      `${Number(min) - 1}.99999999`,
      `${Number(min) + 1234}.56789012`,
      HUGE,
    ]);
  };
  const nodeIdsSubset = () => {
    const ids = registeredNodes()
      .filter(() => chance(0.85))
      .map((n) => n.id);
    if (chance(0.05)) ids.push(nodeId(200)); // never registered: the whole step fails
    return ids;
  };
  const adminAs = (): Step => (chance(0.05) ? { as: pick(accounts) } : chance(0.1) ? { as: "admin" } : {});
  const delegatorTarget = (): [PlannedNode, number, string] => {
    const n = someNode();
    const ids = [...n.delegatorOwners.keys()];
    const d = ids.length > 0 && chance(0.85) ? pick(ids) : int(0, 3);
    return [n, d, n.delegatorOwners.get(d) ?? pick(accounts)];
  };

  // ── step makers ──
  const registerNode = (): Step => {
    const unregistered = nodes.filter((n) => !n.registered);
    if (unregistered.length === 0 && chance(0.8)) return weighted(userSteps);
    const n = unregistered.length > 0 && chance(0.85) ? pick(unregistered) : anyNode();
    const clean = chance(0.8);
    const step: Step = {
      op: "register_node",
      as: n.owner,
      nodeId: n.id,
      role: n.role,
      networkingAddress: n.address,
      networkingKey: n.networkingKey,
      stakingKey: n.stakingKey,
      amount: clean ? (ROLE_MINIMUM[n.role] ?? "100") : amountFor(n.role),
    };
    const other = anyNode();
    const flaw = rng();
    if (flaw < 0.04) step.networkingAddress = pick(INVALID_ADDRESSES);
    else if (flaw < 0.07) step.networkingAddress = other.address;
    else if (flaw < 0.09) step.networkingKey = n.networkingKey.toUpperCase();
    else if (flaw < 0.11) step.stakingKey = other.stakingKey;
    else if (flaw < 0.13) step.nodeId = n.id.slice(1);
    else if (flaw < 0.15) step.role = pick([0, 6]);
    else if (flaw < 0.17) step.networkingKey = n.networkingKey.slice(2);
    if (chance(0.3)) step.stakingKeyPoP = "ab".repeat(48);
    if (clean && flaw >= 0.17) n.registered = true;
    return step;
  };

  const userVerb = (op: string): Step => {
    if (chance(0.4)) {
      const [n, d, owner] = delegatorTarget();
      return { op, as: signerFor(owner), nodeId: n.id, delegatorId: d, amount: amountFor(0) };
    }
    const n = someNode();
    return { op, as: signerFor(n.owner), nodeId: n.id, amount: amountFor(n.role) };
  };

  const userSteps: [number, () => Step][] = [
    [4, registerNode],
    [
      5,
      () => {
        const delegatable = registeredNodes().filter((x) => x.role !== 5);
        const n = delegatable.length > 0 && chance(0.85) ? pick(delegatable) : someNode();
        const as = pick(accounts);
        const valid = chance(0.75);
        const amt = valid
          ? pick(["50", "1234.56789012", "100.5", "20000", "777.77777777"])
          : pick(["49.99999999", "0.00000001", "0", HUGE]);
        if (valid && n.registered && n.role !== 5) n.delegatorOwners.set(n.delegatorOwners.size + 1, as);
        return { op: "register_delegator", as, nodeId: n.id, amount: amt };
      },
    ],
    [4, () => userVerb("stake_new_tokens")],
    [3, () => userVerb("stake_unstaked_tokens")],
    [2, () => userVerb("stake_rewarded_tokens")],
    [4, () => userVerb("request_unstaking")],
    [
      1,
      () => {
        const n = someNode();
        return { op: "unstake_all", as: signerFor(n.owner), nodeId: n.id };
      },
    ],
    [3, () => userVerb("withdraw_unstaked_tokens")],
    [3, () => userVerb("withdraw_rewarded_tokens")],
    [
      1,
      () => {
        const n = someNode();
        const r = rng();
        const address =
          r < 0.2
            ? n.address
            : r < 0.35
              ? anyNode().address
              : r < 0.5
                ? pick(INVALID_ADDRESSES)
                : `moved-${int(0, 99)}.example.net:8080`;
        if (address.startsWith("moved-")) n.address = address;
        return { op: "update_networking_address", as: signerFor(n.owner), nodeId: n.id, networkingAddress: address };
      },
    ],
    [
      1,
      () => {
        const n = someNode();
        const to = pick(accounts);
        const step = { op: "transfer_node", as: signerFor(n.owner), nodeId: n.id, to };
        if (step.as === n.owner) n.owner = to;
        return step;
      },
    ],
    [
      1,
      () => {
        const [n, d, owner] = delegatorTarget();
        const to = someAccount();
        const as = signerFor(owner);
        if (as === owner) n.delegatorOwners.set(d, to);
        return { op: "transfer_delegator", as, nodeId: n.id, delegatorId: d, to };
      },
    ],
  ];

  const roleMap = (values: () => unknown): Record<string, unknown> => {
    const m: Record<string, unknown> = Object.fromEntries(roles.map((r) => [String(r), values()]));
    const flaw = rng();
    if (flaw < 0.1)
      delete m["5"]; // 4 entries: the setter refuses
    else if (flaw < 0.15) {
      delete m["5"];
      m["6"] = values(); // 5 entries, role 5 missing (D5)
    }
    return m;
  };

  const adminSteps: [number, () => Step][] = [
    [2, () => ({ op: "set_approved_nodes", nodeIds: nodeIdsSubset(), ...adminAs() })],
    [2, () => ({ op: "add_approved_nodes", nodeIds: nodeIdsSubset().slice(0, 3), ...adminAs() })],
    [2, () => ({ op: "remove_approved_nodes", nodeIds: [someNode().id], ...adminAs() })],
    [1, () => ({ op: "add_approved_and_limits", nodeIds: [someNode().id, someNode().id], ...adminAs() })],
    [1, () => ({ op: "remove_invalid_nodes", nodeIds: nodeIdsSubset(), ...adminAs() })],
    [1, () => ({ op: "end_staking_auction", ...adminAs() })],
    [1, () => ({ op: "start_staking_auction", ...adminAs() })],
    [1, () => ({ op: "pay_rewards", ...adminAs() })],
    [1, () => ({ op: "move_tokens", ...adminAs() })],
    [1, () => ({ op: "remove_node", nodeId: someNode().id, ...adminAs() })],
    [1, () => ({ op: "set_cut_percentage", value: pick(["0.08", "0.1", "0", "1", "0.5", "0.08"]), ...adminAs() })],
    [
      1,
      () => ({
        op: "set_epoch_token_payout",
        value: pick(["1250000.0", "1234567.89012345", "0", "1000", "1000", HUGE]),
        ...adminAs(),
      }),
    ],
    [1, () => ({ op: "set_delegator_minimum", value: pick(["50", "100.5", "0", "1000"]), ...adminAs() })],
    [
      1,
      () => ({
        op: "set_minimum_stakes",
        value: roleMap(() => pick(["100", "135000", "250000", "1000.5", "0"])),
        ...adminAs(),
      }),
    ],
    [1, () => ({ op: "set_candidate_node_limit", role: int(0, 6), limit: int(0, 4), ...adminAs() })],
    [1, () => ({ op: "set_slot_limits", value: roleMap(() => int(0, 4)), ...adminAs() })],
    [1, () => ({ op: "set_open_access_node_slots", value: int(0, 3), ...adminAs() })],
    [
      1,
      () => {
        const value: Record<string, string> = {};
        for (let i = int(0, 2); i > 0; i--) value[someNode().id] = pick(["0", "0.5", "0.25", "0.99999999", "1"]);
        if (chance(0.05)) value[nodeId(201)] = "0.5"; // not in the table: the next payout fails
        return { op: "set_non_operational", value, ...adminAs() };
      },
    ],
    [1, () => ({ op: "set_node_weight", nodeId: someNode().id, weight: pick([0, 50, 100, 101]), ...adminAs() })],
    [
      1,
      () => ({ op: "deposit_fees", amount: pick(["1000", "0.00000001", "2000000.5", "123.45678901"]), ...adminAs() }),
    ],
    [
      1,
      () => ({
        op: "fund",
        account: someAccount(),
        amount: pick(["1000", "0", "2500000.5", "100000000000", HUGE]),
        ...adminAs(),
      }),
    ],
  ];

  const queryMakers: (() => Step)[] = [
    () => ({ query: "node_info", nodeId: someNode().id }),
    () => {
      const [n, d] = delegatorTarget();
      return { query: "delegator_info", nodeId: n.id, delegatorId: d };
    },
    () => ({ query: "table" }),
    () => ({ query: "current_table" }),
    () => ({ query: "proposed_table" }),
    () => ({ query: "approved_nodes" }),
    () => ({ query: "non_operational" }),
    () => ({ query: "candidate_nodes" }),
    () => ({ query: "candidate_limits" }),
    () => ({ query: "slot_limits" }),
    () => ({ query: "role_counts" }),
    () => ({ query: "minimum_stakes" }),
    () => ({ query: "total_staked" }),
    () => ({ query: "total_staked_by_role", role: int(0, 6) }),
    () => ({ query: "node_total_commitment", nodeId: someNode().id }),
    () => ({ query: "node_total_commitment_without_delegators", nodeId: someNode().id }),
    () => ({ query: "cut_percentage" }),
    () => ({ query: "epoch_token_payout" }),
    () => ({ query: "delegator_minimum" }),
    () => ({ query: "fee_balance" }),
    () => ({ query: "total_supply" }),
    () => ({ query: "balance", account: pick(accounts) }),
    () => ({ query: "staking_enabled" }),
    () => ({ query: "epoch_counter" }),
  ];

  const weighted = (table: [number, () => Step][]): Step => {
    const total = table.reduce((s, [w]) => s + w, 0);
    let x = rng() * total;
    for (const [w, make] of table) {
      x -= w;
      if (x < 0) return make();
    }
    const last = table[table.length - 1];
    if (last === undefined) throw new Error("empty table");
    return last[1]();
  };

  // ── the sequence: auctions of 8–25 steps, then an epoch boundary ──
  const steps: Step[] = [];
  let untilBoundary = int(8, 25);
  while (steps.length < stepsWanted) {
    if (untilBoundary-- <= 0) {
      untilBoundary = int(8, 25);
      const approvedIds = registeredNodes()
        .filter(() => chance(0.9))
        .map((n) => n.id);
      const r = rng();
      if (r < 0.5) {
        // approve one node per step, so that one missing node does not fail the whole list
        for (const n of registeredNodes()) {
          if (n.approved || chance(0.1)) continue;
          steps.push({ op: "add_approved_nodes", nodeIds: [n.id] });
          n.approved = true;
        }
        steps.push({ op: "end_staking_auction", label: "end of auction" });
        if (chance(0.3)) steps.push({ query: "proposed_table" });
        steps.push({ op: "pay_rewards" });
        if (chance(0.3)) steps.push({ query: "role_counts" });
        steps.push({ op: "move_tokens", label: "next epoch" });
      } else if (r < 0.75) {
        steps.push({ op: "end_staking", nodeIds: approvedIds });
        steps.push({ op: "pay_rewards" });
        steps.push({ op: "move_tokens" });
      } else if (r < 0.9) {
        steps.push({ op: "pay_rewards" });
        steps.push({ op: "end_epoch", nodeIds: approvedIds });
      } else {
        steps.push({ op: "end_staking", nodeIds: approvedIds });
        steps.push({ op: "set_approved_nodes", nodeIds: approvedIds.slice(1) }); // auction closed: refunds at once
        steps.push({ op: "move_tokens" });
      }
      continue;
    }
    const early = steps.length < stepsWanted * 0.2;
    const r = rng();
    let step: Step;
    if (early && r < 0.45) step = registerNode();
    else if (r < 0.6) step = weighted(userSteps);
    else if (r < 0.78) step = weighted(adminSteps);
    else step = pick(queryMakers)();
    if (chance(0.05)) step.label = `step ${steps.length}`;
    steps.push(step);
  }
  return { params, accounts: listed, steps: steps.slice(0, stepsWanted) };
}
