import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

// Testing Library unmounts after each test by itself only when the runner has global hooks;
// vitest runs without globals, so the console project registers the cleanup here.
afterEach(() => {
  cleanup();
});
