import type { ExportFormat, VariantContent } from './schemas/jobs.ts';

/** What an export needs to know about the variant it renders. */
export interface RenderableVariant {
  jobId: string;
  variantId: string;
  ordinal: number;
  presetName: string | null;
  content: VariantContent;
}

export interface RenderedArtifact {
  filename: string;
  mediaType: string;
  text: string;
}

/**
 * The exported artifact of an accepted variant: Markdown (title as heading, then the body) or a
 * JSON document. Pure and shared, so the worker's export activity and the API's download agree
 * byte for byte.
 */
export function renderArtifact(format: ExportFormat, variant: RenderableVariant): RenderedArtifact {
  const stem = `${variant.presetName ?? 'job'}-${variant.jobId.slice(0, 8)}-v${variant.ordinal + 1}`;
  if (format === 'json') {
    const document = {
      job_id: variant.jobId,
      variant_id: variant.variantId,
      preset: variant.presetName,
      ordinal: variant.ordinal,
      title: variant.content.title,
      body: variant.content.body,
    };
    return {
      filename: `${stem}.json`,
      mediaType: 'application/json',
      text: `${JSON.stringify(document, null, 2)}\n`,
    };
  }
  const body = variant.content.body.endsWith('\n')
    ? variant.content.body
    : `${variant.content.body}\n`;
  return {
    filename: `${stem}.md`,
    mediaType: 'text/markdown; charset=utf-8',
    text: `# ${variant.content.title}\n\n${body}`,
  };
}
