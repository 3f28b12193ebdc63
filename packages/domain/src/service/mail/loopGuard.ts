// Rate-limiting automatic mail per address. Header checks stop polite
// autoresponders; this stops the rude ones that strip headers and answer
// everything: after a few automatic mails to one address we go quiet, so
// any loop ends within `maxPerWindow` of our messages.

export interface AutomaticSendLimits {
  /** Automatic mails allowed to one address within the window. */
  readonly maxPerWindow: number;
  readonly windowMinutes: number;
}

export const DEFAULT_AUTOMATIC_SEND_LIMITS: AutomaticSendLimits = { maxPerWindow: 3, windowMinutes: 60 };

export type AutomaticSendDecision =
  | { readonly send: true }
  | { readonly send: false; readonly reason: 'rate_limited'; readonly retryAfter: Date };

/**
 * Whether to send one more automatic mail (acknowledgement, CSAT survey) to
 * an address, given the times of recent automatic sends to it.
 */
export function decideAutomaticSend(
  recentSends: readonly Date[],
  now: Date,
  limits: AutomaticSendLimits = DEFAULT_AUTOMATIC_SEND_LIMITS,
): AutomaticSendDecision {
  const windowMs = limits.windowMinutes * 60_000;
  const inWindow = recentSends
    .map((d) => d.getTime())
    .filter((t) => t > now.getTime() - windowMs && t <= now.getTime())
    .sort((a, b) => a - b);
  if (inWindow.length < limits.maxPerWindow) return { send: true };
  const oldest = inWindow[inWindow.length - limits.maxPerWindow] ?? now.getTime();
  return { send: false, reason: 'rate_limited', retryAfter: new Date(oldest + windowMs) };
}
