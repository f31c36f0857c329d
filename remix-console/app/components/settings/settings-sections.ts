/** The sections of Settings, in the order of its navigation; each is a route `/settings/<id>`. */
export const SETTINGS_SECTIONS = [
  {
    id: 'presets',
    label: 'Presets',
    description:
      'A Markdown template with {{placeholders}}, an export format and a number of variants. Editing one never changes past jobs.',
    role: 'viewer',
  },
  {
    id: 'api-keys',
    label: 'API keys',
    description:
      'For agents, CI and channels. The secret is shown once; the API stores only its hash.',
    role: 'admin',
  },
  {
    id: 'users',
    label: 'Users',
    description:
      'People who sign in to the console and their roles: admin > operator > agent > viewer.',
    role: 'admin',
  },
  {
    id: 'tools',
    label: 'Tools',
    description:
      'The executors and flows tasks may run. The list is fixed in code; here an admin disables one or sets its options. A task whose executor is disabled cannot run.',
    role: 'viewer',
  },
  {
    id: 'flags',
    label: 'Flags',
    description:
      "The console's feature flags. Read-only here: change them in the flags file; the console reads it on each request.",
    role: 'viewer',
  },
] as const;

export type SettingsSectionId = (typeof SETTINGS_SECTIONS)[number]['id'];

export function settingsSection(id: SettingsSectionId) {
  const section = SETTINGS_SECTIONS.find((candidate) => candidate.id === id);
  if (!section) throw new Error(`no settings section ${id}`);
  return section;
}
