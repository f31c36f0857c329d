import { DefaultLogger, Runtime } from '@temporalio/worker';

// Integration tests run real workers in-process; keep the SDK's info chatter (bundler stats,
// state changes) out of the test output, but show warnings and errors.
Runtime.install({ logger: new DefaultLogger('WARN') });
