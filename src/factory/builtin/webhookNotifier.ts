import { PondError } from '../../errors';
import { defineFactory } from '../registry';
import type { CommitInfo, RunContext } from '../types';
import { HEADERS_SCHEMA, deliverySchema, redact, send, targetUrl, urlSchema } from './outbound';

/** `webhook-notifier` config, defaults applied. */
export interface WebhookNotifierConfig {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly timeout_ms: number;
  readonly retries: number;
  readonly backoff_ms: number;
}

/** The JSON body a webhook receives. */
export interface WebhookPayload {
  readonly pond_id: string;
  readonly txn: number;
  readonly txn_id: string;
  readonly message: string | null;
  /** The command or UI action that made the commit. */
  readonly origin: string;
  /** Commit time, ISO 8601 UTC. */
  readonly time: string;
  /** Every path the commit added, modified or removed, sorted, each once. */
  readonly changed_paths: readonly string[];
  /** The commit's ChangeSummary, as `show` prints it. */
  readonly changes: CommitInfo['summary'];
}

/** The payload for `commit` of pond `pondId`. */
export function webhookPayload(pondId: string, commit: CommitInfo): WebhookPayload {
  const { added, modified, removed } = commit.summary;
  const paths = new Set([...added, ...modified, ...removed].map((change) => change.path));
  return {
    pond_id: pondId,
    txn: commit.txnSeq,
    txn_id: commit.txnId,
    message: commit.message ?? null,
    origin: commit.origin,
    time: new Date(commit.time).toISOString(),
    changed_paths: [...paths].sort(),
    changes: commit.summary,
  };
}

/**
 * An executable factory for `/etc/system.d/`: after each commit it POSTs a JSON summary of the commit to a
 * configured URL. The answer's status goes into the run log; a failure (after the retries) fails the run
 * with the reason, and never touches the commit itself.
 */
export const webhookNotifierFactory = defineFactory<WebhookNotifierConfig>({
  name: 'webhook-notifier',
  description: 'After each commit, POSTs a JSON summary (pond id, txn, message, changed paths, time) to a URL you configure, with retries.',
  kind: 'executable',
  configSchema: {
    type: 'object',
    description: 'Where to POST the commit summary, with which headers, and how patiently.',
    properties: {
      url: urlSchema('The URL that receives the POST (http or https). The server must allow this app\'s origin (CORS) and answer the preflight request.', [
        'https://hooks.example.org/duckpond',
        '${env:WEBHOOK_URL}',
      ]),
      headers: HEADERS_SCHEMA,
      ...deliverySchema({ timeoutMs: 10000, retries: 3, backoffMs: 1000 }),
    },
    required: ['url'],
    additionalProperties: false,
  },
  examples: [
    { title: 'Notify a chat or CI hook after each commit', yaml: '# POSTs {pond_id, txn, message, changed_paths, time, …} after every commit\nurl: https://hooks.example.org/duckpond\n' },
    {
      title: 'With a secret token and fewer retries',
      yaml: 'url: https://hooks.example.org/duckpond\nheaders:\n  Authorization: Bearer ${env:HOOK_TOKEN}\ntimeout_ms: 5000\nretries: 1\n',
    },
  ],
  async execute(config, context) {
    const url = targetUrl(config.url, 'url');
    const commit = context.commit ?? (await latestCommit(context));
    const payload = webhookPayload((await context.history.identity()).pondId, commit);
    context.log(`notifying about txn ${commit.txnSeq} (${payload.changed_paths.length} changed paths)`);
    const response = await send(
      context.http,
      {
        url: url.href,
        method: 'POST',
        headers: { 'content-type': 'application/json', ...config.headers },
        body: new TextEncoder().encode(JSON.stringify(payload)),
      },
      { timeoutMs: config.timeout_ms, retries: config.retries, backoffMs: config.backoff_ms, signal: context.signal, log: (line) => context.log(line) },
    );
    context.log(`POST ${redact(url.href)} → ${response.status}`);
  },
});

/** A manual run has no triggering commit: it notifies about the latest one. */
async function latestCommit(context: RunContext): Promise<CommitInfo> {
  const last = await context.history.lastTxnSeq();
  const [commit] = await context.history.readCommits(last, last);
  if (commit === undefined) throw new PondError('NotFound', `txn ${last}: the pond has no commit to notify about`);
  return commit.meta;
}
