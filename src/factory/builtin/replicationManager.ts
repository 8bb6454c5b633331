import { PondError } from '../../errors';
import { defineFactory } from '../registry';
import type { HistoryCommit, MirrorTarget, PondIdentityInfo, RunContext } from '../types';
import { HEADERS_SCHEMA, type SendOptions, deliverySchema, redact, send, targetUrl, urlSchema } from './outbound';

/** `replication-manager` config, defaults applied: exactly one of `mirror` and `url`. */
export interface ReplicationManagerConfig {
  readonly mirror?: string;
  readonly url?: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly timeout_ms: number;
  readonly retries: number;
  readonly backoff_ms: number;
}

/** How long a replicator waits for a mirror's write lock (someone else replicating into it). */
const MIRROR_LOCK_TIMEOUT_MS = 30_000;
/** Commits read from the source at a time. */
const BATCH = 16;

/** Where a target stands: its last commit, and that commit's txn id (to tell a copy from a diverged pond). */
interface Position {
  readonly txnSeq: number;
  readonly txnId: string;
}

/** What one run sent. */
interface Sent {
  commits: number;
  blobs: number;
  bytes: number;
}

/** A place commits are replicated to: a mirror pond, or an HTTP endpoint. */
interface Replica {
  /** For the run log, e.g. `mirror 'Backup'`. */
  readonly label: string;
  /** The target's last commit; null when it holds none yet. */
  position(): Promise<Position | null>;
  /** Which of `hashes` the target lacks. */
  missingBlobs(hashes: readonly string[]): Promise<string[]>;
  /** Writes one commit with the blobs it lacks; afterwards `position()` is that commit. */
  putCommit(commit: HistoryCommit, blobs: ReadonlyMap<string, Uint8Array>, sent: Sent): Promise<void>;
  /** Work after the commits (a mirror copies checkpoints); returns a log line, if any. */
  finish(upTo: number): Promise<string | null>;
  close(): Promise<void>;
}

/**
 * An executable factory for `/etc/system.d/`: after each commit it copies the commits the target lacks (log
 * records, then blobs each target stores once) to a mirror pond of this browser/machine or to an HTTP
 * endpoint. Each commit lands whole (a mirror commit is one atomic write; over HTTP the head moves last), so a
 * failed run resumes where it stopped on the next one. The target must be a copy of this pond: a target whose
 * commit at its head is not ours (it diverged, or was promoted and written) is refused.
 */
export const replicationManagerFactory = defineFactory<ReplicationManagerConfig>({
  name: 'replication-manager',
  description: 'After each commit, copies the new commits and blobs to a mirror pond (read-only until promoted) or to an HTTP endpoint (PUT, idempotent, resumable).',
  kind: 'executable',
  configSchema: {
    type: 'object',
    description: 'Where to replicate this pond: a mirror pond (mirror) or an HTTP endpoint (url), exactly one.',
    properties: {
      mirror: {
        type: 'string',
        minLength: 1,
        description: 'The mirror pond: its name in this browser (the CLI: its directory). Created on the first run, read-only until promoted. Must not be an ordinary pond.',
        examples: ['Demo pond (mirror)', '../backup.pond'],
      },
      url: urlSchema('The base URL of an HTTP replication target (PUT and GET under it; see docs/factories.md). The server must allow this app\'s origin (CORS).', [
        'https://backup.example.org/ponds/demo',
      ]),
      headers: HEADERS_SCHEMA,
      ...deliverySchema({ timeoutMs: 30000, retries: 2, backoffMs: 1000 }),
    },
    additionalProperties: false,
  },
  check(config) {
    const both = config.mirror !== undefined && config.url !== undefined;
    if (both) return [{ path: ['url'], message: 'give either mirror or url, not both (one replicator per target)' }];
    if (config.mirror === undefined && config.url === undefined) return [{ path: [], message: 'say where to replicate: mirror (a pond name) or url (an HTTP endpoint)' }];
    return [];
  },
  examples: [
    { title: 'Mirror into another pond of this browser', yaml: '# copies every commit into the pond "Demo pond (mirror)" (created on the first run)\nmirror: Demo pond (mirror)\n' },
    {
      title: 'Replicate to an HTTP endpoint with a token',
      yaml: 'url: https://backup.example.org/ponds/demo\nheaders:\n  Authorization: Bearer ${env:BACKUP_TOKEN}\nretries: 3\n',
    },
  ],
  async execute(config, context) {
    const replica = config.mirror !== undefined ? await mirrorReplica(await context.openMirror(config.mirror), config.mirror, context) : httpReplica(config, context);
    try {
      await replicate(replica, context);
    } finally {
      await replica.close();
    }
  },
});

/** Copies what the target lacks, commit by commit, then lets it finish (checkpoints); logs what was sent. */
async function replicate(replica: Replica, context: RunContext): Promise<void> {
  const last = await context.history.lastTxnSeq();
  const at = await replica.position();
  const from = (at?.txnSeq ?? 0) + 1;
  if (at !== null) await checkSameHistory(replica, at, last, context);
  const sent: Sent = { commits: 0, blobs: 0, bytes: 0 };
  const summary = (): string =>
    `${sent.commits} commit${sent.commits === 1 ? '' : 's'}, ${sent.blobs} blob${sent.blobs === 1 ? '' : 's'}, ${sent.bytes} bytes`;
  try {
    for (let start = from; start <= last; start += BATCH) {
      for (const commit of await context.history.readCommits(start, Math.min(last, start + BATCH - 1))) {
        context.signal.throwIfAborted();
        const blobs = new Map<string, Uint8Array>();
        for (const hash of await replica.missingBlobs(commit.blobs)) blobs.set(hash, await context.history.getBlob(hash));
        await replica.putCommit(commit, blobs, sent);
      }
    }
  } catch (error) {
    if (sent.commits > 0) context.log(`${replica.label}: sent txns ${from}..${from + sent.commits - 1} before the failure (${summary()}); the next run resumes at txn ${from + sent.commits}`);
    throw error;
  }
  context.log(from > last ? `${replica.label} is up to date at txn ${last}` : `${replica.label}: sent txns ${from}..${last} (${summary()})`);
  const finished = await replica.finish(last);
  if (finished !== null) context.log(finished);
}

/** The target's head must be one of our commits (same txn id), and not beyond our last. */
async function checkSameHistory(replica: Replica, at: Position, last: number, context: RunContext): Promise<void> {
  if (at.txnSeq > last) throw new PondError('Conflict', `${replica.label} is at txn ${at.txnSeq}, beyond this pond's last commit ${last}: it is not a copy of this pond`);
  const [ours] = await context.history.readCommits(at.txnSeq, at.txnSeq);
  if (ours?.meta.txnId !== at.txnId) {
    throw new PondError('Conflict', `${replica.label} has a different commit at txn ${at.txnSeq} (txn id ${at.txnId}, ours ${ours?.meta.txnId ?? 'none'}): it diverged; nothing was sent`);
  }
}

/** A mirror pond: one atomic store commit per source commit, under the mirror's own write lock. */
async function mirrorReplica(mirror: MirrorTarget, name: string, context: RunContext): Promise<Replica> {
  const label = `mirror '${name}'`;
  let lock: { release(): Promise<void> };
  try {
    lock = await mirror.lock(`replication into ${label}`, MIRROR_LOCK_TIMEOUT_MS);
  } catch (error) {
    mirror.close();
    throw error;
  }
  const store = mirror.store;
  return {
    label,
    async position() {
      const seq = await store.lastTxnSeq();
      if (seq === 0) return null;
      const [meta] = await store.readCommitMetas(seq, seq);
      if (meta === undefined) throw new PondError('Corrupt', `${label} has no metadata for its last commit ${seq}`);
      return { txnSeq: seq, txnId: meta.txnId };
    },
    async missingBlobs(hashes) {
      const missing: string[] = [];
      for (const hash of hashes) if (!(await store.hasBlob(hash))) missing.push(hash);
      return missing;
    },
    async putCommit(commit, blobs, sent) {
      // No control records: the source's run records would show up in the mirror as runs to resume.
      await store.appendCommit({ meta: commit.meta, log: commit.log, blobs, control: [] });
      sent.commits++;
      sent.blobs += blobs.size;
      sent.bytes += commit.log.length + sum(blobs);
    },
    async finish(upTo) {
      // The source's checkpoints too, so the mirror opens as fast as its source (and verify compares them).
      const have = new Set(await store.listCheckpoints());
      const copy = (await context.history.listCheckpoints()).filter((seq) => seq <= upTo && !have.has(seq));
      for (const seq of copy) await store.writeCheckpoint(seq, await context.history.readCheckpoint(seq));
      return copy.length === 0 ? null : `${label}: copied checkpoint${copy.length === 1 ? '' : 's'} ${copy.join(', ')}`;
    },
    async close() {
      try {
        await lock.release();
      } finally {
        mirror.close();
      }
    },
  };
}

/** The head file of an HTTP target: where it stands. */
interface HttpHead {
  readonly pond_id: string;
  readonly txn_seq: number;
  readonly txn_id: string;
}

/**
 * An HTTP endpoint, written with PUTs under the base URL: `blobs/<blake3>` (content-addressed),
 * `commits/<seq>.arrow` and `commits/<seq>.json`, then `head.json` (the cursor, moved last), plus `pond.json`
 * (identity) with the first commit an empty target receives. Every PUT is idempotent, so a retried or resumed run may repeat one.
 */
function httpReplica(config: ReplicationManagerConfig, context: RunContext): Replica {
  const base = targetUrl(config.url as string, 'url');
  const label = redact(base.href);
  const at = (path: string): string => {
    const url = new URL(base.href);
    url.pathname = `${url.pathname.replace(/\/+$/, '')}/${path}`;
    return url.href;
  };
  const options: SendOptions = { timeoutMs: config.timeout_ms, retries: config.retries, backoffMs: config.backoff_ms, signal: context.signal, log: (line) => context.log(line) };
  const request = (method: string, path: string, body?: Uint8Array, type?: string, accept?: (status: number) => boolean) =>
    send(
      context.http,
      { url: at(path), method, headers: { ...(type === undefined ? {} : { 'content-type': type }), ...config.headers }, ...(body === undefined ? {} : { body }) },
      { ...options, ...(accept === undefined ? {} : { accept }) },
    );
  const json = (value: unknown): Uint8Array => new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`);
  let identity: PondIdentityInfo | null = null;
  const pondId = async (): Promise<string> => (identity ??= await context.history.identity()).pondId;
  /** The target held nothing: `pond.json` goes with the first commit sent (txn 1, or a pruned log's base). */
  let empty = false;
  return {
    label,
    async position() {
      const response = await request('GET', 'head.json', undefined, undefined, (status) => (status >= 200 && status < 300) || status === 404);
      if (response.status === 404) {
        empty = true;
        return null;
      }
      const head = parseHead(response.body, label);
      if (head.pond_id !== (await pondId())) throw new PondError('Conflict', `${label} holds pond ${head.pond_id}, not ${await pondId()}; nothing was sent`);
      return { txnSeq: head.txn_seq, txnId: head.txn_id };
    },
    async missingBlobs(hashes) {
      const missing: string[] = [];
      // HEAD 2xx: stored already (not sent again). Anything else below 500 (404, or 405 from a server without
      // HEAD) means "send it": the PUT is idempotent either way.
      for (const hash of hashes) {
        const response = await request('HEAD', `blobs/${hash}`, undefined, undefined, (status) => status < 500 && status !== 408 && status !== 429);
        if (response.status < 200 || response.status >= 300) missing.push(hash);
      }
      return missing;
    },
    async putCommit(commit, blobs, sent) {
      const seq = commit.meta.txnSeq;
      if (empty) {
        const { pondId: id, created, birthplace } = identity ?? (identity = await context.history.identity());
        const body = json({ pond_id: id, created, birthplace });
        await request('PUT', 'pond.json', body, 'application/json');
        sent.bytes += body.length;
        empty = false;
      }
      for (const [hash, bytes] of blobs) {
        await request('PUT', `blobs/${hash}`, bytes, 'application/octet-stream');
        sent.blobs++;
        sent.bytes += bytes.length;
      }
      const name = `commits/${String(seq).padStart(20, '0')}`;
      const meta = json({ ...commit.meta, blobs: commit.blobs });
      await request('PUT', `${name}.arrow`, commit.log, 'application/vnd.apache.arrow.stream');
      await request('PUT', `${name}.json`, meta, 'application/json');
      const head = json({ pond_id: await pondId(), txn_seq: seq, txn_id: commit.meta.txnId } satisfies HttpHead);
      await request('PUT', 'head.json', head, 'application/json');
      sent.commits++;
      sent.bytes += commit.log.length + meta.length + head.length;
    },
    finish: async () => null,
    close: async () => undefined,
  };
}

/** `head.json` as the target answered it; `Corrupt` naming the target when it is not one. */
function parseHead(body: Uint8Array, label: string): HttpHead {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(body));
  } catch {
    throw new PondError('Corrupt', `${label}/head.json is not JSON`);
  }
  const head = value as Partial<HttpHead> | null;
  if (head === null || typeof head !== 'object' || typeof head.pond_id !== 'string' || !Number.isSafeInteger(head.txn_seq) || typeof head.txn_id !== 'string') {
    throw new PondError('Corrupt', `${label}/head.json must be {"pond_id", "txn_seq", "txn_id"}`);
  }
  return head as HttpHead;
}

function sum(blobs: ReadonlyMap<string, Uint8Array>): number {
  let total = 0;
  for (const bytes of blobs.values()) total += bytes.length;
  return total;
}
