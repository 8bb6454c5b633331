import { describe, expect, it } from 'vitest';
import { type HostEntry, fileEntry, hostItems } from './hostEntries';

/** A fake folder whose reader hands out `batch` entries per call, as Chromium's does (100 at a time). */
function folder(name: string, children: HostEntry[], batch = 2): HostEntry {
  return {
    name,
    isDirectory: true,
    createReader: () => {
      let next = 0;
      return {
        readEntries: (success) => {
          const some = children.slice(next, next + batch);
          next += some.length;
          success(some);
        },
      };
    },
  };
}

const file = (name: string, text = name) => fileEntry(new File([text], name));

describe('hostItems', () => {
  it('walks dropped folders depth first: each folder before its contents, every batch of the reader read', async () => {
    const dropped = [folder('photos', [file('a.jpg'), folder('2024', [file('b.jpg'), file('c.jpg'), file('d.jpg')]), file('e.jpg'), folder('empty', [])]), file('top.txt')];
    const items = await hostItems('/data', dropped);
    expect(items.map((i) => `${i.op} ${i.path}`)).toEqual([
      'mkdir /data/photos',
      'write /data/photos/a.jpg',
      'mkdir /data/photos/2024',
      'write /data/photos/2024/b.jpg',
      'write /data/photos/2024/c.jpg',
      'write /data/photos/2024/d.jpg',
      'write /data/photos/e.jpg',
      'mkdir /data/photos/empty',
      'write /data/top.txt',
    ]);
    const written = items.find((i) => i.op === 'write' && i.path === '/data/photos/2024/c.jpg');
    expect(written?.op === 'write' ? await written.file.text() : null).toBe('c.jpg');
  });

  it('copies into the root without a double slash', async () => {
    expect((await hostItems('/', [folder('f', [file('x')])])).map((i) => i.path)).toEqual(['/f', '/f/x']);
  });

  it('fails when a folder cannot be read, rather than copying part of it silently', async () => {
    const broken: HostEntry = { name: 'locked', isDirectory: true, createReader: () => ({ readEntries: (_ok, failure) => failure?.(new Error('NotReadableError')) }) };
    await expect(hostItems('/', [broken])).rejects.toThrow('NotReadableError');
  });
});
