import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { releaseAnsweredJsonStreams } from './release-json-answer-streams.ts';

const PROTOCOL_VERSION = '2025-06-18';

/** A session on the SDK's own transport and server, one `echo` tool, JSON answers as on `/mcp`. */
async function jsonSession(options: { release: boolean }) {
  const transport = new WebStandardStreamableHTTPServerTransport({
    sessionIdGenerator: () => crypto.randomUUID(),
    enableJsonResponse: true,
  });
  const released = options.release ? releaseAnsweredJsonStreams(transport) : false;
  const server = new McpServer({ name: 'release-test', version: '0.0.0' });
  server.registerTool(
    'echo',
    { inputSchema: z.object({ text: z.string() }), outputSchema: z.object({ text: z.string() }) },
    ({ text }) => ({ content: [{ type: 'text', text }], structuredContent: { text } }),
  );
  await server.connect(transport);
  let sessionId: string | undefined;
  const post = async (message: Record<string, unknown>) => {
    const headers: Record<string, string> = {
      accept: 'application/json, text/event-stream',
      'content-type': 'application/json',
      'mcp-protocol-version': PROTOCOL_VERSION,
      ...(sessionId ? { 'mcp-session-id': sessionId } : {}),
    };
    const request = new Request('http://localhost/mcp', { method: 'POST', headers });
    const answer = await transport.handleRequest(request, { parsedBody: message });
    sessionId ??= answer.headers.get('mcp-session-id') ?? undefined;
    return answer;
  };
  await post({
    jsonrpc: '2.0',
    id: 0,
    method: 'initialize',
    params: {
      protocolVersion: PROTOCOL_VERSION,
      capabilities: {},
      clientInfo: { name: 'test', version: '0.0.0' },
    },
  });
  await post({ jsonrpc: '2.0', method: 'notifications/initialized' });
  const openStreams = () => (Reflect.get(transport, '_streamMapping') as Map<string, unknown>).size;
  return { transport, released, post, openStreams };
}

const echo = (id: number) => ({
  jsonrpc: '2.0',
  id,
  method: 'tools/call',
  params: { name: 'echo', arguments: { text: `call ${id}` } },
});

describe('releaseAnsweredJsonStreams (typescript-sdk#2559)', () => {
  it('leaves no per-call stream behind once each tools/call is answered', async () => {
    const session = await jsonSession({ release: true });
    expect(session.released).toBe(true);
    for (let id = 1; id <= 20; id += 1) {
      const answer = await session.post(echo(id));
      expect(await answer.json()).toMatchObject({
        id,
        result: { structuredContent: { text: `call ${id}` } },
      });
    }
    expect(session.openStreams()).toBe(0);
    await session.transport.close();
  });

  it('answers a batch of calls in one JSON body, then releases it', async () => {
    const session = await jsonSession({ release: true });
    const answer = await session.post([echo(1), echo(2)] as unknown as Record<string, unknown>);
    const body = (await answer.json()) as { id: number }[];
    expect(body.map((message) => message.id).sort()).toEqual([1, 2]);
    expect(session.openStreams()).toBe(0);
    await session.transport.close();
  });

  // When this fails the SDK has fixed the leak: drop the workaround and ADR 0020's consequence.
  it('is still needed: without it the SDK keeps one stream per answered call', async () => {
    const session = await jsonSession({ release: false });
    const before = session.openStreams();
    for (let id = 1; id <= 5; id += 1) await session.post(echo(id));
    expect(session.openStreams() - before).toBe(5);
    await session.transport.close();
  });
});
