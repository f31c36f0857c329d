import { z } from 'zod';
import { AgentId } from './collab-agents.ts';

/** The roles, strongest first: admin > operator > agent > viewer (docs/AUTH.md). */
export const RoleSchema = z
  .enum(['admin', 'operator', 'agent', 'viewer'])
  .meta({ id: 'Role', description: 'admin > operator > agent > viewer' });
export type RoleName = z.infer<typeof RoleSchema>;

/**
 * An email address by zod's rule, lower-cased; every schema that takes one uses this. A pattern
 * alone, no `format: email`, which would hold the address to a different rule than the server's.
 */
export const EmailAddress = z
  .string()
  .regex(z.regexes.email, 'Invalid email address')
  .max(254)
  .transform((value) => value.toLowerCase());
/** Long enough to resist guessing, short enough that hashing it costs nothing unusual. */
const newPassword = z.string().min(12, 'must be at least 12 characters').max(256);
const uuid = z.uuid();

export const LoginRequest = z
  .strictObject({ email: EmailAddress, password: z.string().min(1).max(256) })
  .meta({ id: 'LoginRequest' });
export type LoginRequest = z.input<typeof LoginRequest>;

export const RefreshRequest = z
  .strictObject({ refresh_token: z.string().min(1).max(512) })
  .meta({ id: 'RefreshRequest' });
export type RefreshRequest = z.input<typeof RefreshRequest>;

export const LogoutRequest = RefreshRequest.meta({ id: 'LogoutRequest' });

export const UserSchema = z
  .strictObject({
    id: uuid,
    email: z.string(),
    display_name: z.string(),
    role: RoleSchema,
    disabled: z.boolean(),
    last_login_at: z.iso.datetime().nullable(),
    created_at: z.iso.datetime(),
  })
  .meta({ id: 'User' });
export type User = z.infer<typeof UserSchema>;

export const TokenResponse = z
  .strictObject({
    access_token: z.string().describe('A JWT (HS256) to send as `Authorization: Bearer …`.'),
    token_type: z.literal('Bearer'),
    expires_in: z.number().int().positive().describe('Seconds until the access token expires.'),
    refresh_token: z
      .string()
      .describe('Single use: POST /auth/refresh answers with a new one (rotation).'),
    user: UserSchema,
  })
  .meta({ id: 'TokenResponse' });
export type TokenResponse = z.infer<typeof TokenResponse>;

export const MeResponse = z
  .strictObject({
    kind: z.enum(['user', 'api_key']),
    id: uuid,
    role: RoleSchema,
    actor: z
      .string()
      .describe('Who the credential is: `user:<email>` or `api_key:<name>` (audit rows).'),
    acts_as: z
      .string()
      .describe(
        'Who collaboration writes are made as (docs/adr/0008): `user:<email>`, the bound agent, `workflow:<id>` for the service key, or `api_key:<name>`; `none` for viewers.',
      ),
    user: UserSchema.optional().describe('Set when a user (not an API key) is signed in.'),
  })
  .meta({ id: 'MeResponse' });
export type MeResponse = z.infer<typeof MeResponse>;

export const CreateUserRequest = z
  .strictObject({
    email: EmailAddress,
    display_name: z.string().min(1).max(200).optional(),
    password: newPassword,
    role: RoleSchema.default('viewer'),
  })
  .meta({ id: 'CreateUserRequest' });
export type CreateUserRequest = z.input<typeof CreateUserRequest>;

export const PatchUserRequest = z
  .strictObject({
    role: RoleSchema.optional(),
    disabled: z.boolean().optional().describe('true revokes every refresh token of the user.'),
    display_name: z.string().min(1).max(200).optional(),
    password: newPassword.optional(),
  })
  .meta({ id: 'PatchUserRequest' });
export type PatchUserRequest = z.input<typeof PatchUserRequest>;

export const UserListResponse = z
  .strictObject({ users: z.array(UserSchema) })
  .meta({ id: 'UserListResponse' });

export const UserId = uuid.meta({ id: 'UserId' });
export const ApiKeyId = uuid.meta({ id: 'ApiKeyId' });

export const CreateApiKeyRequest = z
  .strictObject({
    name: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/, 'must be letters, digits, ".", "_", ":" or "-"'),
    role: RoleSchema.default('agent'),
    agent_id: AgentId.optional().describe(
      'Bind the key to this agent: it then acts only as that agent (lease holder, transition and event actor).',
    ),
    service: z
      .boolean()
      .optional()
      .describe(
        "The worker's service key: acts only as `workflow:<id>` for the workflows it runs.",
      ),
    expires_at: z.iso.datetime({ offset: true }).optional(),
  })
  .refine((key) => !(key.agent_id !== undefined && key.service === true), {
    message: 'a key is bound to an agent or is the service key, not both',
    path: ['service'],
  })
  // The refine, as the document states it.
  .meta({
    id: 'CreateApiKeyRequest',
    not: { required: ['agent_id', 'service'], properties: { service: { const: true } } },
  });
export type CreateApiKeyRequest = z.input<typeof CreateApiKeyRequest>;

export const ApiKeySchema = z
  .strictObject({
    id: uuid,
    name: z.string(),
    prefix: z.string().describe('The first characters of the key, to recognise it.'),
    role: RoleSchema,
    agent_id: z.string().nullable().describe('The agent this key acts as; null when unbound.'),
    service: z.boolean().describe("True for the worker's service key (acts as `workflow:<id>`)."),
    acts_as: z
      .string()
      .describe('Who the key acts as, as `GET /auth/me` would say it (`none` for a viewer key).'),
    created_by: uuid.nullable(),
    created_at: z.iso.datetime(),
    expires_at: z.iso.datetime().nullable(),
    last_used_at: z.iso.datetime().nullable(),
    revoked: z.boolean(),
    revoked_at: z.iso.datetime().nullable(),
  })
  .meta({ id: 'ApiKey' });
export type ApiKey = z.infer<typeof ApiKeySchema>;

export const ApiKeyCreatedResponse = z
  .strictObject({
    api_key: ApiKeySchema,
    secret: z.string().describe('The key itself (`kyr_…`). Shown only in this answer.'),
  })
  .meta({ id: 'ApiKeyCreatedResponse' });
export type ApiKeyCreatedResponse = z.infer<typeof ApiKeyCreatedResponse>;

export const ApiKeyListResponse = z
  .strictObject({ api_keys: z.array(ApiKeySchema) })
  .meta({ id: 'ApiKeyListResponse' });
