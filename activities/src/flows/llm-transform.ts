import { ExecutorInputError } from '../executors/executor-errors.ts';
import type { FetchedDocument } from './summarize-markdown.ts';

export interface LlmSettings {
  provider: string;
  apiKey: string;
}

/** Keeps the prompt well inside every supported model's context window. */
const MAX_PROMPT_CHARS = 100_000;

/**
 * The transform node's LLM path, used only when a provider key is configured. Deliberately
 * minimal and never exercised against a real provider in tests (they run without network); the
 * checkpoint stores its output, so a resumed flow never asks the model twice.
 */
export async function summarizeWithLlm(
  llm: LlmSettings,
  glob: string,
  documents: FetchedDocument[],
  signal: AbortSignal,
): Promise<string> {
  const corpus = documents
    .map((document) => `<file path="${document.path}">\n${document.content}\n</file>`)
    .join('\n')
    .slice(0, MAX_PROMPT_CHARS);
  const prompt =
    `Write a concise Markdown summary of the documentation selected by \`${glob}\`: ` +
    `one section per file with its purpose and main topics.\n\n${corpus}`;
  const text = await complete(llm, prompt, signal);
  return text.endsWith('\n') ? text : `${text}\n`;
}

async function complete(llm: LlmSettings, prompt: string, signal: AbortSignal): Promise<string> {
  if (llm.provider === 'anthropic') {
    const body = await postJson(
      'https://api.anthropic.com/v1/messages',
      { 'x-api-key': llm.apiKey, 'anthropic-version': '2023-06-01' },
      {
        model: 'claude-3-5-haiku-latest',
        max_tokens: 4096,
        messages: [{ role: 'user', content: prompt }],
      },
      signal,
    );
    return pickText(body, ['content', 0, 'text']);
  }
  if (llm.provider === 'openai') {
    const body = await postJson(
      'https://api.openai.com/v1/chat/completions',
      { authorization: `Bearer ${llm.apiKey}` },
      { model: 'gpt-4o-mini', messages: [{ role: 'user', content: prompt }] },
      signal,
    );
    return pickText(body, ['choices', 0, 'message', 'content']);
  }
  throw new ExecutorInputError(`unsupported LLM provider: ${llm.provider}`);
}

async function postJson(
  url: string,
  headers: Record<string, string>,
  payload: unknown,
  signal: AbortSignal,
): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(payload),
    signal,
  });
  if (!response.ok) {
    // Provider errors are transient as far as we know; the activity's retry policy decides.
    throw new Error(`LLM provider answered ${response.status} ${response.statusText}`);
  }
  return response.json();
}

function pickText(body: unknown, pathInBody: (string | number)[]): string {
  let value: unknown = body;
  for (const key of pathInBody) {
    value = typeof value === 'object' && value !== null ? Reflect.get(value, key) : undefined;
  }
  if (typeof value !== 'string' || value.length === 0) {
    throw new Error('LLM provider returned no text');
  }
  return value;
}
