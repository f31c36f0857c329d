import { describe, expect, it } from 'vitest';
import type { OpenApiDocument } from '@kyros/api/api-document';
import {
  renderEndpoints,
  renderPages,
  routeUrl,
  withGeneratedSection,
} from './summary-document.ts';
import { currentSummary } from './summary-sources.ts';

describe('SUMMARY.md', () => {
  it('lists every operation the running API documents, and every console page (npm run docs:summary)', async () => {
    const { current, expected } = await currentSummary();
    expect(current, 'SUMMARY.md is stale: run npm run docs:summary').toBe(expected);
    // It imports and builds the whole API for its OpenAPI document: seconds on a busy machine.
  }, 60_000);

  it('maps flat-route module names to URLs', () => {
    expect(routeUrl('_app._index.tsx')).toBe('/');
    expect(routeUrl('_app.jobs.$jobId.tsx')).toBe('/jobs/:jobId');
    expect(routeUrl('_app.settings.api-keys.tsx')).toBe('/settings/api-keys');
    expect(routeUrl('downloads.$variantId.ts')).toBe('/downloads/:variantId');
    expect(routeUrl('$.tsx')).toBe('/*');
  });

  it('leaves layouts out and splits pages from resource routes', () => {
    const rendered = renderPages([
      { file: '_app.settings.tsx', rendersPage: true },
      { file: '_app.settings._index.tsx', rendersPage: true },
      { file: 'live.events.ts', rendersPage: false },
      { file: '_app.tasks.tsx', rendersPage: true },
      { file: '_app.tasks.$taskId.tsx', rendersPage: true },
    ]);
    expect(rendered).toContain(
      '| `/settings` | `remix-console/app/routes/_app.settings._index.tsx` |',
    );
    expect(rendered).not.toContain('_app.settings.tsx');
    // A layout without an index child is a page itself: the board, with its drawer nested.
    expect(rendered).toContain('| `/tasks` | `remix-console/app/routes/_app.tasks.tsx` |');
    expect(rendered).toContain('| `/tasks/:taskId` |');
    expect(rendered.split('### Resource routes')[1]).toContain('/live/events');
  });

  it('groups operations by tag and escapes pipes in summaries', () => {
    const document = {
      openapi: '3.1.0',
      info: { title: 't', version: '1' },
      paths: {
        '/a': { get: { tags: ['A'], summary: 'x | y', responses: {} } },
        '/b': { post: { tags: ['B'], summary: 'z', responses: {} } },
      },
    } as unknown as OpenApiDocument;
    const rendered = renderEndpoints(document);
    expect(rendered).toMatch(/^2 operations\./);
    expect(rendered).toContain('### A');
    expect(rendered).toContain('| `GET` | `/a` | x \\| y |');
  });

  it('refuses a document without the markers', () => {
    expect(() => withGeneratedSection('# nothing', 'api', 'x')).toThrow(/markers/);
  });
});
