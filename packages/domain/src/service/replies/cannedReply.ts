// Canned replies: a template with {{path.to.value}} variables, filled from
// what the desk knows about the case. Unknown or empty variables are left
// visible (so an agent sees the gap before sending) and reported.

export type ReplyVariables = Readonly<Record<string, Readonly<Record<string, string | null | undefined>>>>;

export interface RenderedTemplate {
  readonly text: string;
  /** Variables the template uses that had no value, e.g. "customer.firstName". */
  readonly missing: readonly string[];
}

const VARIABLE = /\{\{\s*([a-zA-Z][\w]*)\.([a-zA-Z][\w]*)\s*\}\}/g;

export function renderCannedReply(template: string, variables: ReplyVariables): RenderedTemplate {
  const missing: string[] = [];
  const text = template.replace(VARIABLE, (whole, group: string, key: string) => {
    const value = variables[group]?.[key];
    if (value === null || value === undefined || value === '') {
      const name = `${group}.${key}`;
      if (!missing.includes(name)) missing.push(name);
      return whole;
    }
    return value;
  });
  return { text, missing };
}

/** The variables a template refers to, for validating it when it is saved. */
export function templateVariables(template: string): string[] {
  const out: string[] = [];
  for (const m of template.matchAll(VARIABLE)) {
    const name = `${m[1]}.${m[2]}`;
    if (!out.includes(name)) out.push(name);
  }
  return out;
}

export const CANNED_REPLY_VARIABLES = [
  'customer.name', 'customer.firstName', 'customer.email', 'case.number', 'case.subject', 'case.status',
  'agent.name', 'workspace.name',
] as const;
