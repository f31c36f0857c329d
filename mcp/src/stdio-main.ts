import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { loadConfigOrExit } from '@kyros/contracts/config';
import { clientPort } from './client-port.ts';
import { createKyrosMcpServer } from './create-kyros-mcp-server.ts';

// The stdio MCP server (`npm run mcp`, `npx kyros-mcp`): an MCP client starts it as a child
// process. stdout carries the protocol, so everything else goes to stderr.
const config = loadConfigOrExit(process.env);
const credential = config.auth.apiKey;
if (!credential) {
  console.error(
    'KYROS_API_KEY must be set: an API key (kyr_...) whose principal the MCP session acts as (docs/MCP.md)',
  );
  process.exit(1);
}
const port = clientPort({
  baseUrl: config.mcp.apiUrl,
  credential,
  onFollowError: (error) =>
    console.error(`kyros-mcp: event tail dropped, resuming: ${String(error)}`),
});
const server = createKyrosMcpServer(port, {
  onError: (error) => console.error(`kyros-mcp: ${String(error)}`),
});
await server.connect(new StdioServerTransport());
const shutdown = () => {
  server.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.stdin.once('end', shutdown);
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
