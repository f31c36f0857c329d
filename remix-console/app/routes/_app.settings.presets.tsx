import { JobsId } from '@kyros/contracts/schemas/jobs';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { PresetsPanel } from '../components/settings/presets-panel.tsx';
import { SettingsSection } from '../components/settings/settings-section.tsx';
import { describeApiFailure, withApi } from '../lib/api.server.ts';
import { invalidForm, parseFormPost } from '../lib/form-data.ts';
import { parseCreatePresetForm, parseUpdatePresetForm } from '../lib/preset-editor-form.ts';
import { useLiveRevalidate } from '../lib/use-live-revalidate.ts';
import { useRole } from '../lib/use-role.ts';

export const meta: MetaFunction = () => [{ title: 'Presets · Settings · Kyros' }];

export function loader({ request, context }: LoaderFunctionArgs) {
  return withApi(request, context, async ({ api }) => ({
    presets: (await api.jobs.listPresets()).items,
  }));
}

// The preset fields themselves are checked by parseCreatePresetForm / parseUpdatePresetForm.
const PresetPost = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('preset-create') }),
  z.object({ intent: z.literal('preset-update'), id: JobsId }),
  z.object({ intent: z.literal('preset-delete'), id: JobsId }),
]);

export function action({ request, context }: ActionFunctionArgs) {
  return withApi(request, context, async ({ api }) => {
    const form = await request.formData();
    const post = parseFormPost(PresetPost, form, 'presets action');
    try {
      switch (post.intent) {
        case 'preset-create': {
          const parsed = parseCreatePresetForm(form);
          if (!parsed.ok) return invalidForm(parsed.errors);
          const preset = await api.jobs.createPreset(parsed.request);
          return { ok: true as const, message: `Preset ${preset.name} created` };
        }
        case 'preset-update': {
          const parsed = parseUpdatePresetForm(form);
          if (!parsed.ok) return invalidForm(parsed.errors);
          const preset = await api.jobs.updatePreset(post.id, parsed.request);
          return {
            ok: true as const,
            message: `Preset ${preset.name} saved`,
            detail: 'Past jobs keep their own copy',
          };
        }
        case 'preset-delete':
          await api.jobs.deletePreset(post.id);
          return { ok: true as const, message: 'Preset deleted' };
      }
    } catch (error) {
      return describeApiFailure(error);
    }
  });
}

export default function PresetsSettings() {
  const { presets } = useLoaderData<typeof loader>();
  const role = useRole();
  useLiveRevalidate((event) => event.event.startsWith('preset_'));
  return (
    <SettingsSection id="presets">
      <PresetsPanel presets={presets} role={role} />
    </SettingsSection>
  );
}
