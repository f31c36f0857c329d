import { randomUUID } from 'node:crypto';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { hostHeaderValidation } from '@modelcontextprotocol/sdk/server/middleware/hostHeaderValidation.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { createKyrosMcpServer } from '@kyros/mcp/create-kyros-mcp-server';
import type { ApiModule } from '../api-module.ts';
import { principalOf, requireRole, type Principal } from '../auth/principal.ts';
import { AppError } from '../errors/app-error.ts';
import { problemResponse } from '../openapi/problem-response.ts';
import { McpEventStore } from './mcp-event-store.ts';
import { operationsPort, type OperationsPortDeps } from './operations-port.ts';
import { releaseAnsweredJsonStreams } from './release-json-answer-streams.ts';
import { handleWithWebTransport } from './web-transport-bridge.ts';

export interface McpModuleDeps extends OperationsPortDeps {
  /**
   * Host names `/mcp` answers to (DNS-rebinding protection, as the SDK documents it): the API's
   * public host plus the loopback names.
   */
  allowedHosts: string[];
}

/** The API's public host name and the loopback names: what a local MCP client sends as Host. */
export function mcpAllowedHosts(publicUrl: string): string[] {
  return [...new Set([new URL(publicUrl).hostname, 'localhost', '127.0.0.1', '[::1]'])];
}

interface McpSession {
  transport: WebStandardStreamableHTTPServerTransport;
  /** Updated on every request of the session, which must come from the same principal. */
  principal: Principal;
}

export interface McpApiModule extends ApiModule {
  /** Ends every open session (on shutdown): their SSE streams close. */
  closeSessions(): Promise<void>;
}

/**
 * MCP over Streamable HTTP at `/mcp` (docs/MCP.md, docs/adr/0012): authenticated like every
 * route, one MCP server per session acting as the principal that opened it, its tools calling
 * the operations in process. Sessions, resumability (an event store per session) and Host-header
 * validation follow the SDK's documentation.
 */
export function mcpModule(deps: McpModuleDeps): McpApiModule {
  const sessions = new Map<string, McpSession>();
  const router = Router();
  router.use('/mcp', hostHeaderValidation(deps.allowedHosts), requireRole('viewer'));

  router.post('/mcp', async (req, res) => {
    const session = existingSession(req, sessions);
    if (session) {
      await handleWithWebTransport(session.transport, req, res);
      return;
    }
    if (!isInitializeRequest(req.body)) {
      throw new AppError(
        'invalid',
        'Send Mcp-Session-Id with every request after initialize (or start with initialize)',
      );
    }
    await openSession(req, res, deps, sessions);
  });

  // GET opens the session's server-to-client stream (notifications), DELETE ends the session.
  const onSession = async (req: Request, res: Response) => {
    const session = existingSession(req, sessions);
    if (!session) throw new AppError('invalid', 'Mcp-Session-Id is required');
    await handleWithWebTransport(session.transport, req, res);
  };
  router.get('/mcp', onSession);
  router.delete('/mcp', onSession);

  return {
    name: 'mcp',
    router,
    registerOpenApi: registerMcpOpenApi,
    async closeSessions() {
      const open = [...sessions.values()];
      sessions.clear();
      await Promise.allSettled(open.map((session) => session.transport.close()));
    },
  };
}

/**
 * The session the request names, checked against its credential: a session belongs to the
 * principal that opened it. 404 for an unknown (or ended) session, as the transport spec asks.
 */
function existingSession(req: Request, sessions: Map<string, McpSession>): McpSession | undefined {
  const id = req.get('mcp-session-id');
  if (id === undefined) return undefined;
  const session = sessions.get(id);
  if (!session) throw new AppError('not_found', `MCP session ${id} does not exist or has ended`);
  const principal = principalOf(req);
  if (principal.kind !== session.principal.kind || principal.id !== session.principal.id) {
    throw new AppError('forbidden', `MCP session ${id} belongs to another credential`);
  }
  session.principal = principal;
  return session;
}

async function openSession(
  req: Request,
  res: Response,
  deps: McpModuleDeps,
  sessions: Map<string, McpSession>,
): Promise<void> {
  const transport: WebStandardStreamableHTTPServerTransport =
    new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      // A POST's answer is one JSON body, not an SSE stream of one event: one write instead of a
      // stream set-up per tools/call (bench:mcp). Server-to-client notices use the GET stream.
      enableJsonResponse: true,
      eventStore: new McpEventStore(),
      onsessioninitialized: (id) => {
        sessions.set(id, session);
      },
    });
  releaseAnsweredJsonStreams(transport);
  const session: McpSession = { transport, principal: principalOf(req) };
  const server = createKyrosMcpServer(
    operationsPort(deps, () => session.principal),
    {
      ...(deps.onUnexpectedError ? { onError: deps.onUnexpectedError } : {}),
    },
  );
  transport.onclose = () => {
    if (transport.sessionId !== undefined) sessions.delete(transport.sessionId);
    void server.close();
  };
  await server.connect(transport);
  await handleWithWebTransport(transport, req, res);
}

function registerMcpOpenApi(registry: OpenAPIRegistry): void {
  const description =
    'Model Context Protocol, Streamable HTTP transport (JSON-RPC; see docs/MCP.md for the tools). Authenticated like every route; the session acts as the credential that opened it. Start with an `initialize` POST; send the returned Mcp-Session-Id with every later request.';
  // Every request but the first `initialize` POST carries the session (MCP Streamable HTTP,
  // "Session Management"): GET and DELETE always do, so the document requires it there.
  const sessionId = z.string().meta({ description: 'The session `initialize` returned.' });
  for (const method of ['post', 'get', 'delete'] as const) {
    const headers = z.object({
      'mcp-session-id': method === 'post' ? sessionId.optional() : sessionId,
    });
    registry.registerPath({
      method,
      path: '/mcp',
      tags: ['MCP'],
      summary:
        method === 'post'
          ? 'Send MCP JSON-RPC messages'
          : method === 'get'
            ? "Open the session's notification stream (SSE)"
            : 'End the MCP session',
      description,
      request: { headers },
      responses: {
        200: { description: 'JSON-RPC response (JSON or text/event-stream)' },
        ...problemResponse,
      },
    });
  }
}
