import {
  ApiKeyCreatedResponse,
  ApiKeyListResponse,
  UserListResponse,
  UserSchema,
  type CreateApiKeyRequest,
  type CreateUserRequest,
  type PatchUserRequest,
} from '../schemas/auth.ts';
import { segment, type RequestCore } from './request-core.ts';

/** Users and API keys, admin only (docs/AUTH.md). */
export function createAdminSection(core: RequestCore) {
  return {
    listApiKeys: async () =>
      (await core.json('GET', '/auth/api-keys', ApiKeyListResponse)).api_keys,
    createApiKey: (request: CreateApiKeyRequest) =>
      core.json('POST', '/auth/api-keys', ApiKeyCreatedResponse, { body: request }),
    revokeApiKey: (id: string) => core.empty('DELETE', `/auth/api-keys/${segment(id)}`),
    listUsers: async () => (await core.json('GET', '/users', UserListResponse)).users,
    getUser: (id: string) => core.json('GET', `/users/${segment(id)}`, UserSchema),
    createUser: (request: CreateUserRequest) =>
      core.json('POST', '/users', UserSchema, { body: request }),
    patchUser: (id: string, request: PatchUserRequest) =>
      core.json('PATCH', `/users/${segment(id)}`, UserSchema, { body: request }),
  };
}

export type AdminSection = ReturnType<typeof createAdminSection>;
