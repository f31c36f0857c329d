import { UpdateVariantRequest } from '@kyros/contracts/schemas/jobs';
import { z } from 'zod';
import { describeApiFailure, type ConsoleApi } from './api.server.ts';

const JobIntent = z.discriminatedUnion('intent', [
  z.object({
    intent: z.literal('edit'),
    variant_id: z.string(),
    etag: z.string().min(1),
    title: z.string(),
    body: z.string(),
  }),
  z.object({ intent: z.literal('accept'), job_id: z.string(), variant_id: z.string() }),
]);

export type JobIntentResult =
  | { ok: true; message: string; detail?: string }
  | { ok: false; status: number; title: string; detail: string; errors?: Record<string, string> };

/** The variant edit and accept actions, shared by the Jobs detail page and Studio. */
export async function performJobIntent(
  api: ConsoleApi,
  form: FormData,
): Promise<JobIntentResult | undefined> {
  const parsed = JobIntent.safeParse(Object.fromEntries(form));
  if (!parsed.success) return undefined;
  const intent = parsed.data;
  try {
    if (intent.intent === 'edit') {
      const request = UpdateVariantRequest.safeParse({
        content: { title: intent.title.trim(), body: intent.body },
      });
      if (!request.success) {
        const errors: Record<string, string> = {};
        for (const issue of request.error.issues) errors[String(issue.path[1])] ??= issue.message;
        return {
          ok: false,
          status: 400,
          title: 'The variant is not valid',
          detail: Object.entries(errors)
            .map(([field, message]) => `${field}: ${message}`)
            .join('; '),
          errors,
        };
      }
      const saved = await api.jobs.updateVariant(intent.variant_id, request.data, {
        ifMatch: intent.etag,
      });
      return {
        ok: true,
        message: `Variant ${saved.ordinal + 1} saved`,
        detail: `version ${saved.version}`,
      };
    }
    await api.jobs.acceptVariant(intent.job_id, intent.variant_id);
    return { ok: true, message: 'Variant accepted', detail: 'Exporting the file…' };
  } catch (error) {
    return describeApiFailure(error);
  }
}
