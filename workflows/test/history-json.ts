import { createRequire } from 'node:module';
import type { WorkflowHandle } from '@temporalio/client';

export type History = Awaited<ReturnType<WorkflowHandle['fetchHistory']>>;

interface ProtoJsonModule {
  fromJson(
    this: void,
    type: unknown,
    json: unknown,
    options?: { ignoreUnknownFields?: boolean },
  ): unknown;
}
interface ProtoRoot {
  lookupType(name: string): unknown;
}

// The SDK's own historyFromJSON pairs @temporalio/common's copy of protobufjs with the History
// type of @temporalio/proto's copy; with the copies nested apart (as in this install) protobufjs
// refuses ("type must be a Type"). Resolving protojson from @temporalio/proto itself keeps the
// parser and the type in one copy, whatever the install layout.
const fromProto = createRequire(createRequire(import.meta.url).resolve('@temporalio/proto'));
const { fromJson } = fromProto('protobufjs/ext/protojson') as ProtoJsonModule;
const { patchProtobufRoot } = fromProto('../lib/patch-protobuf-root.js') as {
  patchProtobufRoot(this: void, root: unknown): ProtoRoot;
};
const historyType = patchProtobufRoot(fromProto('./index.js')).lookupType(
  'temporal.api.history.v1.History',
);

/**
 * Reads a history in the proto3 JSON the Temporal CLI and UI export (`temporal workflow show
 * --output json`), the format of the committed fixtures in `workflows/test/fixtures/`.
 */
export function historyFromJson(json: unknown): History {
  const history = fromJson(historyType, json, { ignoreUnknownFields: true });
  if (history === null || typeof history !== 'object') throw new TypeError('Invalid history');
  return history;
}
