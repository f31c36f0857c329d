import type { Preset } from '@kyros/contracts/schemas/jobs';
import { createRemixStub } from '@remix-run/testing';
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { StudioForm } from './studio-form.tsx';

const preset: Preset = {
  id: '0b6f7f3e-4d5c-4f53-9a55-2b7f1c2d8e10',
  name: 'release-notes',
  description: null,
  template: '## Release {{version}}\n\n{{changes}}',
  format: 'markdown',
  parameters: { version: 'next', changes: ['one', 'two'] },
  variant_count: 3,
  created_at: '2026-11-25T10:00:00.000Z',
  updated_at: '2026-11-25T10:00:00.000Z',
};

function renderForm(props: Partial<Parameters<typeof StudioForm>[0]> = {}) {
  const Stub = createRemixStub([
    {
      path: '/studio',
      Component: () => <StudioForm preset={preset} role="operator" submitting={false} {...props} />,
    },
  ]);
  render(<Stub initialEntries={['/studio']} />);
}

describe('StudioForm', () => {
  it('builds one labelled input per preset input, with its default', async () => {
    renderForm();

    expect((await screen.findByLabelText<HTMLInputElement>(/Version/)).value).toBe('next');
    expect(screen.getByTestId<HTMLTextAreaElement>('studio-input-changes').value).toBe('one\ntwo');
    expect(screen.getByTestId<HTMLInputElement>('studio-variant-count').value).toBe('3');
    const form = screen.getByTestId<HTMLFormElement>('studio-form');
    expect(new FormData(form).get('preset_id')).toBe(preset.id);
    expect(new FormData(form).get('intent')).toBe('start');
  });

  it('marks the field the server refused and says why', async () => {
    renderForm({ errors: { version: 'must be a string' } });

    const input = await screen.findByTestId('studio-input-version');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(input.getAttribute('aria-describedby') ?? '')?.textContent).toBe(
      'must be a string',
    );
  });

  it('disables Start for a viewer and says which role it needs', async () => {
    renderForm({ role: 'viewer' });

    const start = await screen.findByTestId<HTMLButtonElement>('studio-start');
    expect(start.disabled).toBe(true);
    expect(start.getAttribute('title')).toBe(
      'Your role (viewer) cannot start jobs: it needs an operator or admin.',
    );
  });
});
