import type { z } from 'zod';
import type { KyrosPort } from '../kyros-port.ts';

/** MCP tool annotations (spec 2025-06-18 §tools): hints for the client, never enforcement. */
export interface KyrosToolAnnotations {
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  /** Kyros tools act on one Kyros deployment, never on an open world. */
  openWorldHint: false;
}

/**
 * One Kyros tool, defined once for every transport (inputs are strict objects, so an argument such
 * as `actor` or `holder` is refused rather than ignored; identity comes from the credential): its name, a description written for a
 * model, zod input and output schemas (the MCP schemas are generated from them), annotations,
 * and what it does in terms of the {@link KyrosPort}.
 */
export interface KyrosTool<
  I extends z.ZodObject = z.ZodObject,
  O extends z.ZodObject = z.ZodObject,
> {
  name: string;
  title: string;
  description: string;
  input: I;
  /**
   * A fresh object schema, never a contract schema carrying a `meta({ id })` directly: the SDK's
   * JSON Schema of such a schema is a `$ref`, and MCP requires an output schema of type object.
   */
  output: O;
  annotations: KyrosToolAnnotations;
  /** Method syntax on purpose: a list of tools of different shapes stays assignable. */
  run(port: KyrosPort, args: z.output<I>): Promise<z.input<O>>;
}

export function defineTool<I extends z.ZodObject, O extends z.ZodObject>(
  tool: KyrosTool<I, O>,
): KyrosTool<I, O> {
  return tool;
}

export const READ_ONLY: KyrosToolAnnotations = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: false,
};

export function writes(hints: { destructive: boolean; idempotent: boolean }): KyrosToolAnnotations {
  return {
    readOnlyHint: false,
    destructiveHint: hints.destructive,
    idempotentHint: hints.idempotent,
    openWorldHint: false,
  };
}
