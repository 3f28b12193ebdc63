// Assignment strategies within a department, as pure choices: the caller
// passes who is eligible and what it knows (last assignee, open counts), and
// stores the answer. Each returns null when nobody can take the case.

export interface AssignableAgent {
  readonly id: string;
  /** Off, on leave or away: never chosen. Default true. */
  readonly available?: boolean;
  readonly skills?: readonly string[];
  /** ISO 639-1 codes the agent answers in: 'az', 'tr', 'en'. */
  readonly languages?: readonly string[];
  /** Upper bound of open cases; omitted = no cap. */
  readonly maxOpenCases?: number;
}

export interface AssignmentRequirement {
  readonly skills?: readonly string[];
  readonly language?: string | null;
}

const isAvailable = (a: AssignableAgent): boolean => a.available !== false;

/** Agents who are available and have every required skill and the case's language. */
export function eligibleAgents(agents: readonly AssignableAgent[], need: AssignmentRequirement = {}): AssignableAgent[] {
  return agents.filter(
    (a) =>
      isAvailable(a) &&
      (need.skills ?? []).every((s) => (a.skills ?? []).includes(s)) &&
      (!need.language || (a.languages ?? []).includes(need.language)),
  );
}

/** The next available agent after the last one assigned, in the list's order, wrapping round. */
export function roundRobin(agents: readonly AssignableAgent[], lastAssignedId: string | null): AssignableAgent | null {
  const n = agents.length;
  if (n === 0) return null;
  const last = lastAssignedId === null ? -1 : agents.findIndex((a) => a.id === lastAssignedId);
  for (let step = 1; step <= n; step++) {
    const a = agents[(((last + step) % n) + n) % n];
    if (a && isAvailable(a)) return a;
  }
  return null;
}

/**
 * The available agent with the fewest open cases, below their cap. Ties go
 * round-robin after `lastAssignedId`, so equal agents share new work.
 */
export function leastOpenCases(
  agents: readonly AssignableAgent[],
  openCases: ReadonlyMap<string, number>,
  lastAssignedId: string | null = null,
): AssignableAgent | null {
  const load = (a: AssignableAgent): number => openCases.get(a.id) ?? 0;
  const candidates = agents.filter((a) => isAvailable(a) && (a.maxOpenCases === undefined || load(a) < a.maxOpenCases));
  if (candidates.length === 0) return null;
  const min = Math.min(...candidates.map(load));
  return roundRobin(candidates.filter((a) => load(a) === min), lastAssignedId);
}

export type AssignmentStrategy = 'round_robin' | 'least_open_cases';

export interface AssignmentContext {
  readonly lastAssignedId: string | null;
  readonly openCases: ReadonlyMap<string, number>;
  readonly requirement?: AssignmentRequirement;
}

/**
 * Skill and language narrow the field first; if nobody qualifies on language
 * we fall back to skills only, because an answer in English beats no answer.
 */
export function chooseAssignee(strategy: AssignmentStrategy, agents: readonly AssignableAgent[], ctx: AssignmentContext): AssignableAgent | null {
  const need = ctx.requirement ?? {};
  let pool = eligibleAgents(agents, need);
  if (pool.length === 0 && need.language) pool = eligibleAgents(agents, { ...need, language: null });
  return strategy === 'round_robin' ? roundRobin(pool, ctx.lastAssignedId) : leastOpenCases(pool, ctx.openCases, ctx.lastAssignedId);
}
