#!/usr/bin/env node
// `npx kyros-mcp` from the repository: the stdio MCP server, run from its TypeScript source.
import { register } from 'tsx/esm/api';

register();
await import('../src/stdio-main.ts');
