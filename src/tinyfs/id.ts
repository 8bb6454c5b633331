import { PondError } from '../errors';
import { type EntryType, entryTypeCode, entryTypeFromCode } from './entryType';

/**
 * Node ids are UUIDv7 strings whose 7th byte is `0x70 | code`, so any id tells its entry type.
 * The first 48 bits are the creation time in ms, which keeps ids roughly time-ordered.
 */
export type NodeId = string;

/** The fixed id of the root directory (code 1 = dir:physical). */
export const ROOT_ID: NodeId = '00000000-0000-7100-8000-000000000000';

/** Where a node's records live: a physical directory is its own partition, anything else lives in its parent's. */
export interface FileID {
  readonly nodeId: NodeId;
  readonly partId: NodeId;
  readonly pondId?: string;
}

export const ROOT_FILE_ID: FileID = { nodeId: ROOT_ID, partId: ROOT_ID };

/** A source of random bytes; injectable so seeded tests are reproducible. */
export type RandomBytes = (length: number) => Uint8Array;

// Random bytes are drawn from a pool refilled 4 KiB at a time: one getRandomValues call per id was a
// measurable share of a 10,000-file commit.
const POOL_SIZE = 4096;
let pool = new Uint8Array(0);
let poolOffset = 0;

export const cryptoRandomBytes: RandomBytes = (length) => {
  if (length > POOL_SIZE) return crypto.getRandomValues(new Uint8Array(length));
  if (poolOffset + length > pool.length) {
    pool = crypto.getRandomValues(new Uint8Array(POOL_SIZE));
    poolOffset = 0;
  }
  const bytes = pool.slice(poolOffset, poolOffset + length);
  poolOffset += length;
  return bytes;
};

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Mints a UUIDv7 node id for a node of `type`. */
export function newNodeId(type: EntryType, now: number = Date.now(), random: RandomBytes = cryptoRandomBytes): NodeId {
  return formatId(type, now, random(10));
}

/** A plain UUIDv7 (transaction ids, pond ids): time-ordered, 74 random bits. */
export function newUuidV7(now: number = Date.now(), random: RandomBytes = cryptoRandomBytes): string {
  const rand = random(10);
  // Reuse the node-id layout, then put a random nibble where the entry-type code would go.
  const id = formatId('dir:physical', now, rand);
  return `${id.slice(0, 15)}${((rand[9] ?? 0) & 0x0f).toString(16)}${id.slice(16)}`;
}

/**
 * A stable id for a node that is not stored (a child of a dynamic directory): derived from its parent and
 * name so the same child has the same id on every listing. Its time bits are zero.
 */
export function derivedNodeId(type: EntryType, parent: NodeId, name: string): NodeId {
  return formatId(type, 0, hash80(`${parent}/${name}`));
}

/** The entry type encoded in a node id; malformed ids are an error. */
export function entryTypeOfId(id: NodeId): EntryType {
  if (!UUID_PATTERN.test(id)) throw new PondError('InvalidArgument', `malformed node id '${id}'`);
  return entryTypeFromCode(parseInt(id.charAt(15), 16));
}

/** The FileID of a child node given its parent directory's FileID (the partition rule of SPEC §3.2). */
export function childFileId(parent: FileID, nodeId: NodeId): FileID {
  const partId = entryTypeOfId(nodeId) === 'dir:physical' ? nodeId : parent.partId;
  return parent.pondId === undefined ? { nodeId, partId } : { nodeId, partId, pondId: parent.pondId };
}

function formatId(type: EntryType, ms: number, rand: Uint8Array): NodeId {
  const bytes = new Uint8Array(16);
  // 48-bit big-endian millisecond timestamp; split because bit operators are 32-bit.
  const high = Math.floor(ms / 2 ** 32);
  const low = ms >>> 0;
  bytes[0] = (high >>> 8) & 0xff;
  bytes[1] = high & 0xff;
  bytes[2] = (low >>> 24) & 0xff;
  bytes[3] = (low >>> 16) & 0xff;
  bytes[4] = (low >>> 8) & 0xff;
  bytes[5] = low & 0xff;
  bytes[6] = 0x70 | entryTypeCode(type);
  bytes.set(rand.subarray(0, 9), 7);
  bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f); // RFC 9562 variant bits
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** 10 bytes of a deterministic, well-mixed (not cryptographic) hash of a string: cyrb128-style mixing. */
function hash80(text: string): Uint8Array {
  let h1 = 0x6a09e667, h2 = 0xbb67ae85, h3 = 0x3c6ef372, h4 = 0xa54ff53a;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  const out = new Uint8Array(16);
  const view = new DataView(out.buffer);
  view.setUint32(0, (h1 ^ h2 ^ h3 ^ h4) >>> 0);
  view.setUint32(4, (h2 ^ h1) >>> 0);
  view.setUint32(8, (h3 ^ h1) >>> 0);
  view.setUint32(12, (h4 ^ h1) >>> 0);
  return out.subarray(0, 10);
}
