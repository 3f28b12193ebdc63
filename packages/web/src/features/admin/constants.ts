/** Record types offered in the audit log filter (the server may log more; those show by their raw name). */
export const AUDIT_ENTITY_TYPES = ['customer', 'consent', 'timeline_entry', 'custom_field', 'import', 'member', 'department', 'api_key', 'workspace'] as const;
export const ACTOR_TYPES = ['user', 'api_key', 'system'] as const;
