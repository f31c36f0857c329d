import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Router } from 'express';

/**
 * One capability of the API: its routes and their OpenAPI description, kept side by side so a
 * route can never ship undocumented. `createApp` mounts modules in order.
 */
export interface ApiModule {
  name: string;
  router: Router;
  registerOpenApi(registry: OpenAPIRegistry): void;
}
