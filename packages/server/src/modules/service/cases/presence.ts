/**
 * Who has a case open, kept in memory per workspace: the agent's page polls
 * every few seconds, and an entry not refreshed for EXPIRY_MS is gone. With
 * several API processes each knows only its own viewers, which is acceptable
 * for a courtesy notice (a sticky load balancer keeps it exact).
 */
const EXPIRY_MS = 30_000;

interface Viewer { name: string; since: number; seen: number; editing: boolean }
const open = new Map<string, Map<string, Viewer>>();

export function touchPresence(workspaceId: string, caseId: string, user: { id: string; name: string } | null, editing: boolean, now = Date.now()) {
  const key = `${workspaceId}:${caseId}`;
  const viewers = open.get(key) ?? new Map<string, Viewer>();
  for (const [id, v] of viewers) if (now - v.seen > EXPIRY_MS) viewers.delete(id);
  if (user) {
    const current = viewers.get(user.id);
    viewers.set(user.id, { name: user.name, since: current?.since ?? now, seen: now, editing });
  }
  if (viewers.size === 0) open.delete(key);
  else open.set(key, viewers);
  return {
    caseId,
    viewers: [...viewers].filter(([id]) => id !== user?.id)
      .map(([userId, v]) => ({ userId, name: v.name, since: new Date(v.since).toISOString(), editing: v.editing })),
  };
}
