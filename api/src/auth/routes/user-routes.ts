import {
  CreateUserRequest,
  PatchUserRequest,
  UserId,
  UserListResponse,
  UserSchema,
} from '@kyros/contracts/schemas/auth';
import { requestIdOf } from '../../http/request-input.ts';
import { defineRoute, jsonContent, linksToId, pathId, type Route } from '../../http/route.ts';
import type { AuthDeps } from '../auth-deps.ts';
import { createUser } from '../operations/create-user.ts';
import { listUsers } from '../operations/list-users.ts';
import { readUser } from '../operations/read-user.ts';
import { updateUser } from '../operations/update-user.ts';
import { principalOf } from '../principal.ts';

const TAGS = ['Users'];
const userParams = { id: pathId(UserId, 'User') };

/** User management (admin): list, create, read one, change one. */
export function userRoutes(deps: AuthDeps): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/users',
      role: 'admin',
      tags: TAGS,
      summary: 'List users (admin)',
      responses: { 200: { description: 'The users', ...jsonContent(UserListResponse) } },
      async handle(_input, { res }) {
        res.json({ users: await listUsers({ deps }) });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/users',
      role: 'admin',
      tags: TAGS,
      summary: 'Create a user (admin)',
      body: { schema: CreateUserRequest },
      responses: {
        201: {
          description: 'Created',
          ...jsonContent(UserSchema),
          ...linksToId('/users/{id}', ['get', 'patch']),
        },
      },
      async handle({ body }, { req, res }) {
        const user = await createUser({
          deps,
          request: body,
          principal: principalOf(req),
          requestId: requestIdOf(req),
        });
        res.status(201).location(`/users/${user.id}`).json(user);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/users/{id}',
      role: 'admin',
      tags: TAGS,
      summary: 'One user (admin)',
      params: userParams,
      responses: { 200: { description: 'The user', ...jsonContent(UserSchema) } },
      async handle({ params }, { res }) {
        res.json(await readUser({ deps, id: params.id }));
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/users/{id}',
      role: 'admin',
      tags: TAGS,
      summary: 'Change a user’s role, name, password or disabled flag (admin)',
      description:
        'Disabling, changing the role or the password ends the user’s sessions: their refresh tokens are revoked and their access tokens stop working (at once on the replica that made the change, at expiry on the others).',
      params: userParams,
      body: { schema: PatchUserRequest },
      responses: { 200: { description: 'Saved', ...jsonContent(UserSchema) } },
      async handle({ params, body }, { req, res }) {
        res.json(
          await updateUser({
            deps,
            id: params.id,
            patch: body,
            principal: principalOf(req),
            requestId: requestIdOf(req),
          }),
        );
      },
    }),
  ];
}
