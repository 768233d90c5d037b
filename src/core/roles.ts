/** Node roles (staking-contract.md §2). */
export const ROLES = [1, 2, 3, 4, 5] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_NAMES: Readonly<Record<Role, string>> = {
  1: "collection",
  2: "consensus",
  3: "execution",
  4: "verification",
  5: "access",
};

/** Access nodes: stake tracked but excluded from total staked and rewards; no delegators (§2, §18 rule 2). */
export const ACCESS: Role = 5;

export function isRole(value: number): value is Role {
  return Number.isInteger(value) && value >= 1 && value <= 5;
}

/** A value for each role 1..5. Index 0 is unused so that `table[role]` reads naturally. */
export type RoleTable<T> = [unknown, T, T, T, T, T];

export function roleTable<T>(make: (role: Role) => T): RoleTable<T> {
  return [undefined, make(1), make(2), make(3), make(4), make(5)];
}
