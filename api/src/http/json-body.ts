import express, { type Request, type RequestHandler } from 'express';

declare module 'express-serve-static-core' {
  interface Request {
    /** The JSON body's text as it arrived, for routes that verify a signature over it. */
    rawBody?: string;
  }
}

export interface JsonBodyOptions {
  /** Largest body accepted, in bytes; a longer one is a 413. */
  limitBytes: number;
}

const JSON_MEDIA_TYPE = /^application\/(?:json|[^\s/;]+\+json)$/;
const UTF8_CHARSET = /^charset\s*=\s*(?:"utf-8"|utf-8)$/;

/**
 * Parses JSON request bodies into `req.body`, as `express.json({ strict: true })` does, with a
 * lean path for the requests API clients send: `application/json` (or `+json`) in UTF-8, not
 * compressed, with a `Content-Length` within the limit. Those are read into one buffer and parsed
 * with `JSON.parse`, skipping the generic machinery (charset conversion, decompression streams);
 * everything else (chunked or compressed bodies, other charsets, oversized lengths) goes to
 * `express.json` itself. Both paths produce the same body and the same errors (`type`
 * `entity.parse.failed` with the same message for malformed JSON), which the problem middleware
 * renders as problem+json.
 */
export function jsonBody(options: JsonBodyOptions): RequestHandler {
  const generic = express.json({
    limit: options.limitBytes,
    strict: true,
    type: ['application/json', 'application/*+json'],
    verify: (req, _res, buffer) => {
      (req as Request).rawBody = buffer.toString('utf8');
    },
  });
  return (req, res, next) => {
    const length = leanBodyLength(req, options.limitBytes);
    if (length === undefined) {
      generic(req, res, next);
      return;
    }
    readBody(req, length, (error, body) => {
      if (error) {
        next(error);
        return;
      }
      try {
        req.body = parseStrictJson(body ?? '');
      } catch (parseError) {
        next(httpError(400, 'entity.parse.failed', parseError as Error));
        return;
      }
      next();
    });
  };
}

/** The body length when the lean path applies; undefined when `express.json` should decide. */
function leanBodyLength(req: Request, limitBytes: number): number | undefined {
  const headers = req.headers;
  if (headers['transfer-encoding'] !== undefined) return undefined;
  const contentLength = headers['content-length'];
  if (contentLength === undefined || !/^[0-9]{1,9}$/.test(contentLength)) return undefined;
  const length = Number(contentLength);
  if (length === 0 || length > limitBytes) return undefined;
  const encoding = headers['content-encoding'];
  if (encoding !== undefined && encoding.toLowerCase() !== 'identity') return undefined;
  const contentType = headers['content-type'];
  if (contentType === undefined) return undefined;
  const [mediaType = '', ...parameters] = contentType.toLowerCase().split(';');
  if (!JSON_MEDIA_TYPE.test(mediaType.trim())) return undefined;
  if (!parameters.every((parameter) => UTF8_CHARSET.test(parameter.trim()))) return undefined;
  return length;
}

function readBody(
  req: Request,
  length: number,
  done: (error: Error | undefined, body?: string) => void,
): void {
  const chunks: Buffer[] = [];
  let received = 0;
  const finish = (error: Error | undefined, body?: string): void => {
    req.off('data', onData);
    req.off('end', onEnd);
    req.off('error', onError);
    req.off('aborted', onAborted);
    done(error, body);
  };
  const onData = (chunk: Buffer): void => {
    received += chunk.length;
    chunks.push(chunk);
  };
  const onEnd = (): void => {
    if (received !== length) {
      finish(
        httpError(
          400,
          'request.size.invalid',
          new Error('request size did not match content length'),
        ),
      );
      return;
    }
    const text = (chunks.length === 1 ? chunks[0] : Buffer.concat(chunks))?.toString('utf8') ?? '';
    req.rawBody = text;
    // A UTF-8 byte order mark is not part of the JSON text.
    finish(undefined, text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  };
  const onError = (error: Error): void => finish(httpError(400, 'request.error', error));
  const onAborted = (): void =>
    finish(httpError(400, 'request.aborted', new Error('request aborted')));
  req.on('data', onData);
  req.on('end', onEnd);
  req.on('error', onError);
  req.on('aborted', onAborted);
}

/**
 * `JSON.parse`, refusing a top-level value that is not an object or array (strict mode). An
 * empty body is `{}`. A refused scalar gets the message `JSON.parse` gives for the text with the
 * offending part masked, which names the offending character as the generic parser's does.
 */
export function parseStrictJson(text: string): unknown {
  if (text.length === 0) return {};
  const first = /^[ \t\n\r]*([^ \t\n\r])/.exec(text)?.[1];
  if (first === '{' || first === '[') return JSON.parse(text);
  throw strictViolation(text, first);
}

function strictViolation(text: string, first: string | undefined): SyntaxError {
  const index = first === undefined ? -1 : text.indexOf(first);
  const masked = index === -1 ? '' : text.slice(0, index) + '#'.repeat(text.length - index);
  try {
    JSON.parse(masked);
    return new SyntaxError('strict violation');
  } catch (error) {
    const message = (error as Error).message.replace(/#+/g, (run) =>
      text.slice(index, index + run.length),
    );
    return new SyntaxError(message);
  }
}

/** The shape Express's body parsers give their errors, which the problem middleware maps. */
function httpError(status: number, type: string, cause: Error): Error {
  return Object.assign(new Error(cause.message), {
    status,
    statusCode: status,
    type,
    expose: true,
  });
}
