import { nameSearchKey } from '@vefa/domain';

interface NameParts {
  kind: string;
  firstName?: string | null;
  lastName?: string | null;
  companyName?: string | null;
  email?: string | null;
  phone?: string | null;
}

/** What lists show: the person's name, the company's name, or the contact detail we have. */
export function displayNameOf(parts: NameParts): string {
  if (parts.kind === 'company' && parts.companyName) return parts.companyName;
  const name = [parts.firstName, parts.lastName].filter(Boolean).join(' ');
  return name || parts.companyName || parts.email || parts.phone || '—';
}

export function nameKeyOf(parts: NameParts): string {
  return nameSearchKey(displayNameOf(parts));
}
