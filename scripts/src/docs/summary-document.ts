import type { OpenApiDocument } from '@kyros/api/api-document';

// SUMMARY.md's generated sections: the API's endpoints (from the OpenAPI document a running API
// serves) and the console's pages (from its route modules). Pure; summary-cli.ts gathers both.

const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

interface Operation {
  tags?: string[];
  summary?: string;
}

/** One table per tag, in the document's order of first appearance. */
export function renderEndpoints(document: OpenApiDocument): string {
  const byTag = new Map<string, string[]>();
  for (const [route, item] of Object.entries(document.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const operation = (item as Record<string, Operation | undefined>)[method];
      if (!operation) continue;
      const tag = operation.tags?.[0] ?? 'Other';
      const summary = (operation.summary ?? '').replaceAll('|', '\\|');
      const rows = byTag.get(tag) ?? [];
      rows.push(`| \`${method.toUpperCase()}\` | \`${route}\` | ${summary} |`);
      byTag.set(tag, rows);
    }
  }
  const count = [...byTag.values()].reduce((sum, rows) => sum + rows.length, 0);
  const sections = [...byTag].map(([tag, rows]) =>
    [`### ${tag}`, '', '| method | path | what it does |', '| --- | --- | --- |', ...rows].join(
      '\n',
    ),
  );
  return [`${count} operations.`, ...sections].join('\n\n');
}

/** A console route module: its file name and whether it renders a page (a default export). */
export interface RouteModule {
  file: string;
  rendersPage: boolean;
}

/**
 * The URL of a Remix flat-routes module: dots separate segments, `_x` segments are pathless
 * layouts, `_index` is the index, `$name` a parameter and a lone `$` the splat.
 */
export function routeUrl(file: string): string {
  const segments = file
    .replace(/\.tsx?$/, '')
    .split('.')
    .filter((segment) => !segment.startsWith('_'))
    .map((segment) => (segment === '$' ? '*' : segment.replace(/^\$/, ':')));
  return `/${segments.join('/')}`;
}

/**
 * Layouts with an index child are left out: the index owns the URL. A layout without one (the
 * Tasks board, under which the task drawer nests) is the page at its own URL.
 */
export function renderPages(modules: RouteModule[]): string {
  const names = modules.map(({ file }) => file.replace(/\.tsx?$/, ''));
  const isLayout = (name: string) => names.includes(`${name}._index`);
  const rows = modules
    .filter(({ file }) => !isLayout(file.replace(/\.tsx?$/, '')))
    .map(({ file, rendersPage }) => ({ url: routeUrl(file), file, rendersPage }))
    .sort((a, b) => a.url.localeCompare(b.url));
  const table = (filter: boolean) =>
    rows
      .filter(({ rendersPage }) => rendersPage === filter)
      .map(({ url, file }) => `| \`${url}\` | \`remix-console/app/routes/${file}\` |`);
  return [
    '### Pages',
    '',
    '| path | route module |',
    '| --- | --- |',
    ...table(true),
    '',
    '### Resource routes (no page: streams, downloads, actions)',
    '',
    '| path | route module |',
    '| --- | --- |',
    ...table(false),
  ].join('\n');
}

/** Replaces what lies between `<!-- generated:<name> -->` and `<!-- /generated:<name> -->`. */
export function withGeneratedSection(document: string, name: string, content: string): string {
  const start = `<!-- generated:${name} -->`;
  const end = `<!-- /generated:${name} -->`;
  const from = document.indexOf(start);
  const to = document.indexOf(end);
  if (from < 0 || to < from) throw new Error(`SUMMARY.md needs the markers ${start} and ${end}`);
  return `${document.slice(0, from + start.length)}\n\n${content}\n\n${document.slice(to)}`;
}
