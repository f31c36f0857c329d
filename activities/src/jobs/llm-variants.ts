import { VariantContent } from '@kyros/contracts/schemas/jobs';
import { fillTemplate, type JobPlan } from './generate-variants.ts';

export interface LlmSettings {
  provider: string;
  apiKey: string;
}

/**
 * The generate node's LLM path, used only when a provider key is configured (the same providers
 * as the flows' transform node). Never exercised against a real provider in tests; the LangGraph
 * checkpoint keeps its output, so a resumed generation never asks the model twice.
 */
export async function generateVariantsWithLlm(
  llm: LlmSettings,
  plan: JobPlan,
  signal: AbortSignal,
): Promise<VariantContent[]> {
  const prompt =
    `Write ${plan.variantCount} alternative versions of the following document. Answer with ` +
    `a JSON array only, each item {"title": string, "body": markdown string}.\n\n` +
    fillTemplate(plan.template, plan.values).slice(0, 50_000);
  const text = await complete(llm, prompt, signal);
  const start = text.indexOf('[');
  const end = text.lastIndexOf(']');
  const parsed = VariantContent.array()
    .length(plan.variantCount)
    .safeParse(start >= 0 && end > start ? JSON.parse(text.slice(start, end + 1)) : null);
  if (!parsed.success) throw new Error('LLM provider answered without the expected variants');
  return parsed.data;
}

async function complete(llm: LlmSettings, prompt: string, signal: AbortSignal): Promise<string> {
  const request:
    | { url: string; headers: Record<string, string>; body: unknown; path: (string | number)[] }
    | undefined =
    llm.provider === 'anthropic'
      ? {
          url: 'https://api.anthropic.com/v1/messages',
          headers: { 'x-api-key': llm.apiKey, 'anthropic-version': '2023-06-01' },
          body: {
            model: 'claude-3-5-haiku-latest',
            max_tokens: 8192,
            messages: [{ role: 'user', content: prompt }],
          },
          path: ['content', 0, 'text'],
        }
      : llm.provider === 'openai'
        ? {
            url: 'https://api.openai.com/v1/chat/completions',
            headers: { authorization: `Bearer ${llm.apiKey}` },
            body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: prompt }] },
            path: ['choices', 0, 'message', 'content'],
          }
        : undefined;
  if (!request) throw new Error(`unsupported LLM provider: ${llm.provider}`);
  const response = await fetch(request.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...request.headers },
    body: JSON.stringify(request.body),
    signal,
  });
  if (!response.ok) throw new Error(`LLM provider answered ${response.status}`);
  let value: unknown = await response.json();
  for (const key of request.path) {
    value = typeof value === 'object' && value !== null ? Reflect.get(value, key) : undefined;
  }
  if (typeof value !== 'string') throw new Error('LLM provider returned no text');
  return value;
}
