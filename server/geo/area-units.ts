/** Square metres in one 亩 (mu): 10,000 / 15, the unit the plan gives cemetery land in. */
export const M2_PER_MU = 10_000 / 15
