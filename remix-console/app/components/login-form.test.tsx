import { createRemixStub } from '@remix-run/testing';
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { LoginForm } from './login-form.tsx';

function renderForm(props: Partial<Parameters<typeof LoginForm>[0]>) {
  const Stub = createRemixStub([
    {
      path: '/login',
      Component: () => (
        <LoginForm
          redirectTo="/tasks"
          apiState="ready"
          apiUrl="http://api/readyz"
          fieldErrors={{}}
          {...props}
        />
      ),
    },
  ]);
  render(<Stub initialEntries={['/login']} />);
}

describe('LoginForm', () => {
  it('has labelled email and password fields and carries where to go next', async () => {
    renderForm({});

    expect((await screen.findByLabelText('Email')).getAttribute('autocomplete')).toBe('username');
    expect(screen.getByLabelText('Password').getAttribute('type')).toBe('password');
    const form = screen.getByTestId<HTMLFormElement>('login-form');
    expect(new FormData(form).get('redirectTo')).toBe('/tasks');
    expect(screen.getByTestId('login-api-status').textContent).toBe('API ready');
  });

  it('marks an invalid field and describes it', async () => {
    renderForm({ fieldErrors: { email: 'Enter a valid email address.' }, email: 'nope' });

    const email = await screen.findByLabelText('Email');
    expect(email.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(email.getAttribute('aria-describedby') ?? '')?.textContent).toBe(
      'Enter a valid email address.',
    );
    expect((email as HTMLInputElement).value).toBe('nope');
  });

  it('shows why the sign-in failed as an alert', async () => {
    renderForm({ error: 'That email and password do not match an active account.' });

    expect((await screen.findByRole('alert')).textContent).toBe(
      'That email and password do not match an active account.',
    );
  });
});
