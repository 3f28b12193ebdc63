// Parsed mail headers as a plain object (as mailparser or imapflow give them):
// names in any case, a value or a list of values for repeated headers.
export type MailHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

/** All values of a header, whatever the case of its name. */
export function headerValues(headers: MailHeaders, name: string): string[] {
  const wanted = name.toLowerCase();
  const out: string[] = [];
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted || value === undefined) continue;
    if (typeof value === 'string') out.push(value);
    else out.push(...value);
  }
  return out;
}

export function headerValue(headers: MailHeaders, name: string): string | undefined {
  return headerValues(headers, name)[0];
}

/** Message-IDs in a header such as References: "<a@x> <b@y>", also tolerating missing brackets. */
export function parseMessageIds(value: string | readonly string[] | undefined | null): string[] {
  if (value === undefined || value === null) return [];
  const text = typeof value === 'string' ? value : value.join(' ');
  const bracketed = [...text.matchAll(/<([^<>\s]+)>/g)].map((m) => m[1] ?? '');
  const ids = bracketed.length > 0 ? bracketed : text.split(/[\s,]+/);
  return ids.map((id) => id.trim()).filter((id) => id.includes('@'));
}

/** The bare address of "Name <a@b.az>" in lower case. */
export function mailAddressOf(from: string): string {
  const m = /<([^<>]+)>/.exec(from);
  return (m?.[1] ?? from).trim().toLowerCase();
}

export function mailDomainOf(addressOrId: string): string {
  const at = addressOrId.lastIndexOf('@');
  return at < 0 ? '' : addressOrId.slice(at + 1).replace(/>$/, '').trim().toLowerCase();
}

/** example.az matches example.az and mail.example.az. */
export function isOwnDomain(domain: string, ownDomains: readonly string[]): boolean {
  const d = domain.toLowerCase();
  return ownDomains.some((o) => {
    const own = o.toLowerCase();
    return d === own || d.endsWith(`.${own}`);
  });
}
