import type { Http, HttpRequest, HttpResponse } from '../ports';

/** `Http` answered by a function: a test's stand-in for the network. */
export class MemoryHttp implements Http {
  /** Every request received, in order, for assertions. */
  readonly requests: HttpRequest[] = [];

  constructor(private readonly handler: (request: HttpRequest) => HttpResponse | Promise<HttpResponse>) {}

  async request(request: HttpRequest): Promise<HttpResponse> {
    request.signal?.throwIfAborted();
    this.requests.push(request);
    return this.handler(request);
  }
}
