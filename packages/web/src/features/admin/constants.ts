/** Record types offered in the audit log filter (the server may log more; those show by their raw name). */
export const AUDIT_ENTITY_TYPES = ['customer', 'member', 'department', 'api_key', 'custom_field', 'import'] as const;
export const ACTOR_TYPES = ['user', 'api_key', 'system'] as const;
/** Audit actions as the server writes them ("customer.created"); locale keys use _ for the dot. */
export const AUDIT_ACTIONS = [
  'customer.created', 'customer.updated', 'customer.merged', 'consent.changed', 'customers.imported',
  'custom_field.created', 'custom_field.removed', 'member.added', 'member.updated', 'member.removed',
  'department.created', 'api_key.created', 'api_key.revoked',
] as const;
export const auditActionKey = (action: string) => action.replace(/\./g, '_');
