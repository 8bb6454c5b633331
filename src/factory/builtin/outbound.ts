import { PondError, errorMessage } from '../../errors';
import type { FactoryHttp, FactoryHttpRequest, FactoryHttpResponse, JsonSchema } from '../types';

/**
 * What the factories that call out (webhook-notifier, replication-manager) share: the schema pieces of a
 * target URL and its headers, and one request with a timeout and retries with backoff. Outbound requests
 * exist only because a user configured them (SPEC §10).
 */

/** A URL field: http(s), or a `${env:…}` placeholder that expands to one at run time. */
export function urlSchema(description: string, examples: readonly string[]): JsonSchema {
  return { type: 'string', pattern: '^(https?://|\\$\\{env:)', description, examples };
}

/** Extra request headers; values may be `${env:NAME}` secrets, expanded at run time only. */
export const HEADERS_SCHEMA: JsonSchema = {
  type: 'object',
  description: 'Extra HTTP headers sent with every request, e.g. Authorization. Values may be ${env:NAME} secrets (expanded at run time, never stored expanded or logged).',
  propertyNames: { pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$", description: 'A header name (letters, digits and !#$%&\'*+.^_`|~-).' },
  additionalProperties: { type: 'string', description: 'The header value.', examples: ['Bearer ${env:HOOK_TOKEN}', 'application/json'] },
  default: {},
  examples: [{ Authorization: 'Bearer ${env:HOOK_TOKEN}' }],
};

/** The run-time checked form of a configured URL (after placeholders were expanded). */
export function targetUrl(text: string, key: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new PondError('InvalidConfig', `${key}: '${redact(text)}' is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new PondError('InvalidConfig', `${key}: only http and https URLs can be called, not ${url.protocol}`);
  return url;
}

/** A URL as it may appear in a run log: no query string or credentials (where tokens hide). */
export function redact(text: string): string {
  try {
    const url = new URL(text);
    return `${url.origin}${url.pathname}${url.search === '' ? '' : '?…'}`;
  } catch {
    return text.replace(/[?#].*$/, '');
  }
}

export interface SendOptions {
  readonly timeoutMs: number;
  /** Further attempts after a failed one (network error, timeout, 408, 429 or 5xx). */
  readonly retries: number;
  /** Wait before the first retry; doubled before each next one. */
  readonly backoffMs: number;
  /** The run's signal: cancelling the run stops waiting and retrying. */
  readonly signal: AbortSignal;
  /** Told about each failed attempt that will be retried. */
  log(line: string): void;
  /** Which statuses are an answer (default: 2xx); any other is a failure. */
  readonly accept?: (status: number) => boolean;
}

function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}

/** Statuses worth another attempt: the server may answer differently later. */
function retryable(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * Sends `request`, retrying transient failures; resolves with the first accepted (2xx) response. Fails with `FactoryFailed` naming the method, the (redacted) URL and the last status or error.
 */
export async function send(http: FactoryHttp, request: FactoryHttpRequest, options: SendOptions): Promise<FactoryHttpResponse> {
  const what = `${request.method} ${redact(request.url)}`;
  for (let attempt = 1; ; attempt++) {
    options.signal.throwIfAborted();
    let failure: string;
    let again: boolean;
    try {
      const response = await once(http, request, options);
      if ((options.accept ?? isSuccess)(response.status)) return response;
      failure = `answered ${response.status}${statusText(response)}`;
      again = retryable(response.status);
    } catch (error) {
      if (options.signal.aborted) throw options.signal.reason as Error;
      failure = `failed: ${errorMessage(error)}`;
      again = true;
    }
    if (!again || attempt > options.retries) {
      const tries = attempt === 1 ? '' : ` after ${attempt} attempts`;
      throw new PondError('FactoryFailed', `${what} ${failure}${tries}`);
    }
    const wait = options.backoffMs * 2 ** (attempt - 1);
    options.log(`${what} ${failure}; retrying in ${wait} ms (attempt ${attempt + 1} of ${options.retries + 1})`);
    await sleep(wait, options.signal);
  }
}

/** One attempt, aborted after `timeoutMs` or when the run is cancelled. */
async function once(http: FactoryHttp, request: FactoryHttpRequest, options: SendOptions): Promise<FactoryHttpResponse> {
  const controller = new AbortController();
  const timeout = new PondError('FactoryFailed', `timed out after ${options.timeoutMs} ms`);
  const timer = setTimeout(() => controller.abort(timeout), options.timeoutMs);
  const onCancel = (): void => controller.abort(options.signal.reason);
  options.signal.addEventListener('abort', onCancel, { once: true });
  try {
    // Racing the abort too: an Http that ignores its signal still cannot hold the run past the timeout.
    return await new Promise<FactoryHttpResponse>((resolve, reject) => {
      controller.signal.addEventListener('abort', () => reject(controller.signal.reason as Error), { once: true });
      http.request({ ...request, signal: controller.signal }).then(resolve, reject);
    });
  } finally {
    clearTimeout(timer);
    options.signal.removeEventListener('abort', onCancel);
  }
}

/** The start of a failed response's body, which often says why (servers put the reason there). */
function statusText(response: FactoryHttpResponse): string {
  if (response.body.length === 0) return '';
  const text = new TextDecoder().decode(response.body.subarray(0, 200)).replace(/\s+/g, ' ').trim();
  return text === '' ? '' : `: ${text}`;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** The schema of the timeout and retry fields, with their defaults. */
export function deliverySchema(defaults: { timeoutMs: number; retries: number; backoffMs: number }): Record<string, JsonSchema> {
  return {
    timeout_ms: { type: 'integer', minimum: 100, maximum: 600000, default: defaults.timeoutMs, examples: [5000, 30000], description: 'How long one request may take, in milliseconds, before it counts as failed.' },
    retries: { type: 'integer', minimum: 0, maximum: 10, default: defaults.retries, examples: [0, 5], description: 'How many more times a request is tried after a network error, a timeout, 408, 429 or a 5xx answer. Other answers fail at once.' },
    backoff_ms: { type: 'integer', minimum: 0, maximum: 60000, default: defaults.backoffMs, examples: [500, 5000], description: 'Wait before the first retry, in milliseconds; doubled before each further retry.' },
  };
}
