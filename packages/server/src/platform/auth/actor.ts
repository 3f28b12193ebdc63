import type { Permission, Role } from '@vefa/domain';

/** Who is making a request: a signed-in person or a system holding an API key. */
export interface Actor {
  type: 'user' | 'api_key' | 'system';
  workspaceId: string;
  /** The person; for an API key, the person who created it. */
  userId: string | null;
  apiKeyId: string | null;
  name: string;
  role: Role;
  permissions: readonly Permission[];
  departmentId: string | null;
  /** Set for cookie sessions only; state-changing requests must echo it. */
  csrfToken: string | null;
}

export function systemActor(workspaceId: string): Actor {
  return {
    type: 'system', workspaceId, userId: null, apiKeyId: null, name: 'Vefa', role: 'owner',
    permissions: [], departmentId: null, csrfToken: null,
  };
}

export function actorId(actor: Actor): string {
  return actor.apiKeyId ?? actor.userId ?? 'system';
}
