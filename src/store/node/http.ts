import type { Http, HttpRequest, HttpResponse } from '../ports';

/** The `fetch` signature this adapter needs (injectable for tests). */
export type NodeFetch = (url: string, init: RequestInit) => Promise<Response>;

/**
 * Outbound HTTP for factories (webhooks, replication targets) over Node's global `fetch`. Any status is a
 * response, not an error: the factory decides what a 4xx means. Network failures and aborts reject as
 * `fetch` does; the factory runner reports them as `FactoryFailed`.
 */
export class NodeHttp implements Http {
  constructor(private readonly fetchFunction: NodeFetch = (url, init) => fetch(url, init)) {}

  async request(request: HttpRequest): Promise<HttpResponse> {
    request.signal?.throwIfAborted();
    const init: RequestInit = { method: request.method };
    if (request.headers !== undefined) init.headers = { ...request.headers };
    // A copy: the caller may reuse its buffer while the body is being sent.
    if (request.body !== undefined) init.body = request.body.slice();
    if (request.signal !== undefined) init.signal = request.signal;
    const response = await this.fetchFunction(request.url, init);
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name] = value;
    });
    return { status: response.status, headers, body: new Uint8Array(await response.arrayBuffer()) };
  }
}
