import type { PrismaClient } from '@kyros/db/client';
import type { StoredPresetParameters } from '@kyros/contracts/schemas/jobs';

/** The presets a fresh installation starts with, so the Jobs page has something to run. */
export const DEFAULT_PRESETS = [
  {
    name: 'release-notes',
    description: 'Release notes for a version from a list of changes.',
    template:
      '## Release {{version}}\n\nWhat changed:\n\n{{changes}}\n\nThanks to everyone who contributed.',
    parameters: { format: 'markdown', input: { version: 'next', changes: ['(list the changes)'] } },
    variantCount: 3,
  },
  {
    name: 'standup-summary',
    description: "A team's stand-up summary: done, next, blocked.",
    template:
      '### Stand-up {{date}}\n\nDone:\n{{done}}\n\nNext:\n{{next}}\n\nBlocked:\n{{blocked}}',
    parameters: {
      format: 'json',
      input: { date: 'today', done: [], next: [], blocked: ['nothing'] },
    },
    variantCount: 2,
  },
] satisfies {
  name: string;
  description: string;
  template: string;
  parameters: StoredPresetParameters;
  variantCount: number;
}[];

/** Creates the default presets when there are none at all; returns how many it created. */
export async function seedDefaultPresets(prisma: PrismaClient): Promise<number> {
  if ((await prisma.preset.count()) > 0) return 0;
  const { count } = await prisma.preset.createMany({
    data: DEFAULT_PRESETS.map((preset) => ({ ...preset })),
    skipDuplicates: true,
  });
  return count;
}
