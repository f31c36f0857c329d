import type { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';

/** The part of the SDK's private per-POST stream record this workaround touches. */
interface AnswerStream {
  resolveJson?: (answer: Response) => void;
  cleanup: () => void;
}

/**
 * Works around typescript-sdk#2559 (SDK 1.32.2, the latest release): with `enableJsonResponse`
 * the transport answers each POST through an entry of its private `_streamMapping` and never
 * deletes the entry, so every `tools/call` keeps its request alive until the session closes
 * (about 5 KB a call). Here an entry that carries a JSON answer runs its own `cleanup` once it
 * has answered, as the SDK's main branch does (docs/adr/0020). Returns false, changing nothing,
 * when the transport has no such map (an SDK that moved on: see whether the leak is fixed).
 */
export function releaseAnsweredJsonStreams(
  transport: WebStandardStreamableHTTPServerTransport,
): boolean {
  const mapping: unknown = Reflect.get(transport, '_streamMapping');
  if (!(mapping instanceof Map)) return false;
  const streams = mapping as Map<string, AnswerStream>;
  const set = streams.set.bind(streams);
  streams.set = (id, stream) => {
    const { resolveJson } = stream;
    if (resolveJson === undefined) return set(id, stream);
    return set(id, {
      ...stream,
      resolveJson: (answer) => {
        resolveJson(answer);
        stream.cleanup();
      },
    });
  };
  return true;
}
