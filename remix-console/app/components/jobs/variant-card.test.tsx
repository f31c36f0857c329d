import type { Variant } from '@kyros/contracts/schemas/jobs';
import { createRemixStub } from '@remix-run/testing';
import { render, screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ToastProvider } from '../toasts.tsx';
import { VariantCard } from './variant-card.tsx';

const variant: Variant = {
  id: '5a1c1b0e-8f43-4b3e-9d8e-1f1c2b3d4e5f',
  job_id: '0b6f7f3e-4d5c-4f53-9a55-2b7f1c2d8e10',
  ordinal: 0,
  status: 'draft',
  content: { title: 'Release 1.2', body: 'Faster board' },
  version: 3,
  etag: '"v3"',
  accepted_at: null,
  exported_at: null,
  export_path: null,
  created_at: '2026-11-25T10:00:00.000Z',
  updated_at: '2026-11-25T10:00:00.000Z',
};

function renderCard(jobStatus: 'awaiting_review' | 'done', v: Variant, role = 'operator') {
  const Stub = createRemixStub([
    {
      path: '/jobs/x',
      Component: () => (
        <ToastProvider>
          <VariantCard
            job={{ id: v.job_id, status: jobStatus }}
            variants={[v]}
            variant={v}
            role={role}
          />
        </ToastProvider>
      ),
    },
  ]);
  render(<Stub initialEntries={['/jobs/x']} />);
}

describe('VariantCard', () => {
  it('edits with the ETag it was loaded with, so a stale save gets a 412', async () => {
    renderCard('awaiting_review', variant);

    await userEvent.click(await screen.findByTestId('variant-edit'));
    const title = screen.getByTestId<HTMLInputElement>('variant-edit-title');
    expect(title.value).toBe('Release 1.2');
    const form = title.closest('form');
    expect(form && new FormData(form).get('etag')).toBe('"v3"');
    expect(form && new FormData(form).get('intent')).toBe('edit');
  });

  it('offers accept in review but not the download', async () => {
    renderCard('awaiting_review', variant);

    expect(await screen.findByTestId('variant-accept')).toBeDefined();
    expect(screen.queryByTestId('export-download')).toBeNull();
  });

  it('links the accepted variant to the console’s download route once exported', async () => {
    renderCard('done', { ...variant, status: 'exported' });

    const link = await screen.findByTestId('export-download');
    expect(link.getAttribute('href')).toBe(`/downloads/${variant.id}`);
    expect(screen.queryByTestId('variant-accept')).toBeNull();
    expect(screen.queryByTestId('variant-edit')).toBeNull();
  });

  it('keeps a viewer from editing or accepting, with the reason as tooltip', async () => {
    renderCard('awaiting_review', variant, 'viewer');

    const accept = await screen.findByTestId<HTMLButtonElement>('variant-accept');
    expect(accept.disabled).toBe(true);
    expect(accept.title).toContain('needs an operator or admin');
    expect(screen.getByTestId<HTMLButtonElement>('variant-edit').disabled).toBe(true);
  });
});
