import type { VariantContent } from '@kyros/contracts/schemas/jobs';

/** What a job copies from its preset at creation (`jobs.input`), so later preset edits never leak in. */
export interface JobPlan {
  presetName: string | null;
  template: string;
  format: 'markdown' | 'json';
  values: Record<string, unknown>;
  variantCount: number;
}

/** The angles the deterministic generator takes, one per variant, in order. */
export const VARIANT_ANGLES = [
  { label: 'Concise', intro: 'In short:' },
  { label: 'Detailed', intro: 'In detail:' },
  { label: 'Friendly', intro: 'Hi team!' },
  { label: 'Formal', intro: 'Summary for the record:' },
  { label: 'Bulleted', intro: 'Key points:' },
] as const;

/** `{{name}}` placeholders from the values; arrays become bullet lists, unknown names stay visible. */
export function fillTemplate(template: string, values: Record<string, unknown>): string {
  return template.replace(/\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}/g, (whole, name: string) => {
    const value = values[name];
    if (value === undefined || value === null) return whole;
    if (Array.isArray(value)) return value.map((item) => `- ${asText(item)}`).join('\n');
    return asText(value);
  });
}

function asText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * The deterministic generator: N variants of the filled template, each from its own angle. The
 * same plan always yields the same variants, so a resumed or replayed generation agrees.
 */
export function generateDeterministicVariants(plan: JobPlan): VariantContent[] {
  const filled = fillTemplate(plan.template, plan.values).trim();
  const name = plan.presetName ?? 'job';
  return Array.from({ length: plan.variantCount }, (_, index) => {
    const angle = VARIANT_ANGLES[index % VARIANT_ANGLES.length] ?? VARIANT_ANGLES[0];
    const round = Math.floor(index / VARIANT_ANGLES.length);
    const label = round === 0 ? angle.label : `${angle.label} ${round + 1}`;
    return { title: `${name}: ${label}`, body: `${angle.intro}\n\n${filled}\n` };
  });
}
