/** One commit as read from `git log`. */
export interface GitCommit {
  hash: string;
  subject: string;
  body: string;
  date: string;
}

export const CHANGELOG_GROUPS = [
  { type: 'feat', title: 'Features' },
  { type: 'fix', title: 'Bug fixes' },
  { type: 'docs', title: 'Documentation' },
  { type: 'refactor', title: 'Refactoring' },
  { type: 'perf', title: 'Performance' },
  { type: 'test', title: 'Tests' },
  { type: 'chore', title: 'Chores' },
  { type: 'other', title: 'Other changes' },
] as const;

export type ChangelogType = (typeof CHANGELOG_GROUPS)[number]['type'];

export interface ChangelogEntry {
  type: ChangelogType;
  scope: string | null;
  description: string;
  breaking: boolean;
  hash: string;
}

// Conventional Commits 1.0.0: `type(scope)!: description`; BREAKING CHANGE may be a footer.
const HEADER = /^(?<type>[a-zA-Z]+)(?:\((?<scope>[^()]*)\))?(?<bang>!)?: (?<description>.+)$/;
const BREAKING_FOOTER = /^BREAKING[ -]CHANGE: /m;
const KNOWN_TYPES = new Set<string>(CHANGELOG_GROUPS.map((group) => group.type));

/** Classifies a commit; a subject that is not a conventional header lands in `other` whole. */
export function parseConventionalCommit(commit: GitCommit): ChangelogEntry {
  const match = HEADER.exec(commit.subject.trim());
  const type = match?.groups?.type?.toLowerCase();
  const description = match?.groups?.description;
  if (!match || type === undefined || description === undefined) {
    return {
      type: 'other',
      scope: null,
      description: commit.subject.trim(),
      breaking: false,
      hash: commit.hash,
    };
  }
  return {
    type: KNOWN_TYPES.has(type) ? (type as ChangelogType) : 'other',
    scope: match.groups?.scope?.trim() || null,
    description: KNOWN_TYPES.has(type) ? description.trim() : commit.subject.trim(),
    breaking: match.groups?.bang === '!' || BREAKING_FOOTER.test(commit.body),
    hash: commit.hash,
  };
}

export interface ChangelogSectionInput {
  commits: readonly GitCommit[];
  /** The revision range summarised, or null for the whole history. */
  range: string | null;
  /** Identifies the section so a retried run does not prepend it twice. */
  marker: string;
}

/** Renders one Markdown section (already in Prettier's style): groups in a fixed order, newest first. */
export function renderChangelogSection({ commits, range, marker }: ChangelogSectionInput): string {
  const entries = commits.map(parseConventionalCommit);
  const newest = commits[0]?.date.slice(0, 10) ?? 'no commits';
  const lines = [`<!-- ${marker} -->`, '', `## ${newest} (${range ?? 'full history'})`, ''];
  if (entries.length === 0) lines.push('No changes.', '');
  for (const group of CHANGELOG_GROUPS) {
    const inGroup = entries.filter((entry) => entry.type === group.type);
    if (inGroup.length === 0) continue;
    lines.push(`### ${group.title}`, '');
    for (const entry of inGroup) lines.push(`- ${renderEntry(entry)}`);
    lines.push('');
  }
  return lines.join('\n');
}

function renderEntry(entry: ChangelogEntry): string {
  const scope = entry.scope ? `**${escapeMarkdown(entry.scope)}:** ` : '';
  const breaking = entry.breaking ? '**BREAKING** ' : '';
  return `${breaking}${scope}${escapeMarkdown(entry.description)} (${entry.hash.slice(0, 7)})`;
}

// Commit subjects are untrusted text; keep them from turning into links, HTML or emphasis.
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>#|]/g, (character) => `\\${character}`);
}

/**
 * Puts the new section at the top of an existing changelog, below its `# ` title if it has one;
 * unchanged when the section's marker is already there (a retried attempt).
 */
export function prependChangelogSection(
  existing: string | null,
  section: string,
  marker: string,
): string | null {
  if (existing?.includes(`<!-- ${marker} -->`)) return null;
  if (existing === null || existing.trim() === '') return `# Changelog\n\n${section}`;
  const title = /^# .*\n+/.exec(existing);
  if (!title) return `${section}\n${existing}`;
  return `${title[0]}${section}\n${existing.slice(title[0].length)}`;
}
