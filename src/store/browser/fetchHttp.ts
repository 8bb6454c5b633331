import type { Http, HttpRequest, HttpResponse } from '../ports';

/** The `fetch` signature this adapter needs (injectable for tests). */
export type FetchFunction = (url: string, init: RequestInit) => Promise<Response>;

/**
 * Outbound HTTP for factories over `fetch` (SPEC §10: the only requests the app makes are the ones a user
 * configures). Any status is a response, not an error: the factory decides what a 4xx means. Network
 * failures and aborts reject as `fetch` does; the factory runner reports them as `FactoryFailed`.
 */
export class FetchHttp implements Http {
  constructor(private readonly fetchFunction: FetchFunction = (url, init) => fetch(url, init)) {}

  async request(request: HttpRequest): Promise<HttpResponse> {
    const response = await this.fetchFunction(request.url, {
      method: request.method,
      headers: request.headers,
      // A copy as an ArrayBuffer: `fetch` takes no view of a possibly shared buffer.
      body: request.body === undefined ? undefined : request.body.slice().buffer,
      signal: request.signal,
      // Credentials for a user's endpoint travel in configured headers (`${env:…}`), never as this
      // origin's cookies.
      credentials: 'omit',
    });
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name] = value;
    });
    return { status: response.status, headers, body: new Uint8Array(await response.arrayBuffer()) };
  }
}
