// `node --import <this>`: records the process's module graph into KYROS_TEST_MODULE_LOG.
import { register } from 'node:module';

register('./module-graph-hooks.mjs', import.meta.url, {
  data: { file: process.env.KYROS_TEST_MODULE_LOG },
});
