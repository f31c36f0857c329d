import { z } from 'zod';
import type { KyrosTool } from './tools/tool-definition.ts';

export const REFERENCE_START = '<!-- tool-reference:start (npm run docs:mcp) -->';
export const REFERENCE_END = '<!-- tool-reference:end -->';

type JsonSchema = {
  type?: string | string[];
  description?: string;
  enum?: unknown[];
  const?: unknown;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  default?: unknown;
  id?: string;
  $ref?: string;
};

/** The Markdown reference of every tool, generated from the same zod schemas the server uses. */
export function renderToolReference(tools: readonly KyrosTool[]): string {
  return tools.map(renderTool).join('\n');
}

function renderTool(tool: KyrosTool): string {
  const input = z.toJSONSchema(tool.input, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const output = z.toJSONSchema(tool.output, {
    io: 'output',
    unrepresentable: 'any',
  }) as JsonSchema;
  const hints = Object.entries(tool.annotations)
    .filter(([, value]) => value === true)
    .map(([name]) => `\`${name}\``);
  const lines = [
    `### \`${tool.name}\` — ${tool.title}`,
    '',
    tool.description,
    '',
    `Annotations: ${hints.length > 0 ? hints.join(', ') : 'none set (a write)'}.`,
    '',
    '| argument | type | required | description |',
    '| --- | --- | --- | --- |',
    ...Object.entries(input.properties ?? {}).map(
      ([name, schema]) =>
        `| \`${name}\` | ${typeOf(schema)} | ${(input.required ?? []).includes(name) ? 'yes' : 'no'} | ${describe(schema)} |`,
    ),
    '',
    `Returns: ${Object.keys(output.properties ?? {})
      .map((name) => `\`${name}\``)
      .join(', ')}.`,
    '',
  ];
  return lines.join('\n');
}

function typeOf(schema: JsonSchema): string {
  if (schema.$ref) return `\`${schema.$ref.split('/').at(-1) ?? 'any'}\``;
  if (schema.enum) return schema.enum.map((value) => `\`${String(value)}\``).join(' \\| ');
  if (schema.anyOf) return schema.anyOf.map(typeOf).join(' \\| ');
  if (schema.type === 'array') return `array of ${schema.items ? typeOf(schema.items) : 'any'}`;
  if (Array.isArray(schema.type)) return schema.type.join(' \\| ');
  return schema.id ?? schema.type ?? 'any';
}

function describe(schema: JsonSchema): string {
  const parts = [schema.description ?? schema.items?.description ?? ''];
  if (schema.default !== undefined) parts.push(`Default: \`${JSON.stringify(schema.default)}\`.`);
  return parts
    .filter((part) => part.length > 0)
    .join(' ')
    .replace(/\|/g, '\\|')
    .replace(/\n/g, ' ');
}

/** The document with its reference section replaced; throws when the markers are missing. */
export function withToolReference(document: string, reference: string): string {
  const start = document.indexOf(REFERENCE_START);
  const end = document.indexOf(REFERENCE_END);
  if (start < 0 || end < start) {
    throw new Error(`docs/MCP.md needs the markers ${REFERENCE_START} and ${REFERENCE_END}`);
  }
  return `${document.slice(0, start + REFERENCE_START.length)}\n\n${reference}\n${document.slice(end)}`;
}
