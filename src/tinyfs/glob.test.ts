import { beforeEach, describe, expect, it } from 'vitest';
import { isPondError } from '../errors';
import { matchComponent, matchesPath, parseGlob } from './glob';
import { MemoryPersistence } from './memory';
import { encode, failure, testResolver } from './testing';
import { FS, type WD } from './wd';

let root: WD;

/** Paths (and captures) of every match. */
async function matches(pattern: string, wd: WD = root): Promise<string[]> {
  return (await wd.collectMatches(pattern)).map(([node]) => node.path);
}

beforeEach(async () => {
  root = new FS(new MemoryPersistence(), { resolver: testResolver() }).root();
  // Five .txt files at depths 1..4, plus files and directories that must not match *.txt.
  await root.createDirAll('/a/b/c');
  await root.createDirAll('/d');
  for (const path of ['/top.txt', '/a/one.txt', '/a/b/two.txt', '/a/b/c/three.txt', '/d/four.txt']) {
    await root.createFilePath(path, encode(path));
  }
  await root.createFilePath('/a/b/notes.md', encode('md'));
  await root.createFilePath('/d/txt', encode('no dot'));
});

describe('collectMatches', () => {
  it('/** finds every entry, files and directories, sorted by path', async () => {
    expect(await matches('/**')).toEqual([
      '/a',
      '/a/b',
      '/a/b/c',
      '/a/b/c/three.txt',
      '/a/b/notes.md',
      '/a/b/two.txt',
      '/a/one.txt',
      '/d',
      '/d/four.txt',
      '/d/txt',
      '/top.txt',
    ]);
  });

  it('/**/*.txt finds exactly the five .txt files, with ** matching zero directories too', async () => {
    const found = await root.collectMatches('/**/*.txt');
    expect(found.map(([n]) => n.path)).toEqual(['/a/b/c/three.txt', '/a/b/two.txt', '/a/one.txt', '/d/four.txt', '/top.txt']);
    expect(found.map(([, captures]) => captures)).toEqual([['three'], ['two'], ['one'], ['four'], ['top']]);
  });

  it('dir/** lists everything below a directory, relative ** from a working directory', async () => {
    expect(await matches('/a/b/**')).toEqual(['/a/b/c', '/a/b/c/three.txt', '/a/b/notes.md', '/a/b/two.txt']);
    const b = await root.openDirPath('/a/b');
    expect(await matches('**', b)).toEqual(['/a/b/c', '/a/b/c/three.txt', '/a/b/notes.md', '/a/b/two.txt']);
    expect(await matches('c/*', b)).toEqual(['/a/b/c/three.txt']);
  });

  it('matches one level with *, and literal components exactly', async () => {
    expect(await matches('/*')).toEqual(['/a', '/d', '/top.txt']);
    expect(await matches('/a/*/two.txt')).toEqual(['/a/b/two.txt']);
    expect(await matches('/a/b/c/three.txt')).toEqual(['/a/b/c/three.txt']);
    expect(await matches('/nothing/*')).toEqual([]);
    expect(await matches('/top.txt/*')).toEqual([]);
  });

  it('captures every * of a component', async () => {
    await root.createFilePath('/xVuLinky', encode(''));
    expect(await root.collectMatches('/*VuLink*')).toEqual([[expect.objectContaining({ path: '/xVuLinky' }), ['x', 'y']]]);
    const found = await root.collectMatches('/*/*/*.txt');
    expect(found.map(([n, c]) => [n.path, c])).toEqual([['/a/b/two.txt', ['a', 'b', 'two']]]);
  });

  it('follows symlinked directories and reports the path as traversed', async () => {
    await root.createSymlinkPath('/link', '/a/b/c');
    expect(await matches('/link/*')).toEqual(['/link/three.txt']);
    expect((await matches('/**/three.txt'))).toEqual(['/a/b/c/three.txt', '/link/three.txt']);
  });

  it('reports a directory loop through symlinks as VisitLoop', async () => {
    await root.createSymlinkPath('/a/b/up', '/a');
    const error = await failure(() => root.collectMatches('/**'));
    expect(isPondError(error, 'VisitLoop')).toBe(true);
    expect(error.message).toContain('/a/b/up');
    // A bounded pattern through the same link is fine.
    expect(await matches('/a/b/up/one.txt')).toEqual(['/a/b/up/one.txt']);
  });

  it('expands dynamic directories (their factory runs) and reaches nested ones', async () => {
    await root.createDynamicPath('/gen', 'dir:dynamic', 'test-listing', encode('child-x: X\nchild-y.txt: Y\ndir-sub: child-z.txt: Z\n'));
    expect(await matches('/gen/**')).toEqual(['/gen/sub', '/gen/sub/z.txt', '/gen/x', '/gen/y.txt']);
    expect(await matches('/**/*.txt')).toContain('/gen/sub/z.txt');
  });

  it('refuses malformed patterns', async () => {
    for (const pattern of ['', '/a/**x', '/../a', '/a/./b']) {
      const error = await failure(() => root.collectMatches(pattern));
      expect(error.kind, pattern).toBe('InvalidPath');
    }
  });

  it('visit calls the visitor once per match in path order', async () => {
    const seen: string[] = [];
    await root.visit('/**/*.txt', (node, captures) => {
      seen.push(`${node.path}:${captures.join(',')}`);
    });
    expect(seen).toEqual(['/a/b/c/three.txt:three', '/a/b/two.txt:two', '/a/one.txt:one', '/d/four.txt:four', '/top.txt:top']);
  });
});

describe('glob components', () => {
  const component = (pattern: string) => {
    const [first] = parseGlob(pattern).components;
    if (first === undefined) throw new Error('no component');
    return first;
  };

  it('captures as the spec examples say', () => {
    expect(matchComponent(component('*.txt'), 'a.txt')).toEqual(['a']);
    expect(matchComponent(component('*VuLink*'), 'xVuLinky')).toEqual(['x', 'y']);
    expect(matchComponent(component('*'), '')).toEqual(['']);
    expect(matchComponent(component('a*'), 'a')).toEqual(['']);
    expect(matchComponent(component('*.txt'), 'a.txt.bak')).toBeNull();
  });

  it('treats regex and glob metacharacters other than * literally', () => {
    expect(matchComponent(component('a?b'), 'a?b')).toEqual([]);
    expect(matchComponent(component('a?b'), 'axb')).toBeNull();
    expect(matchComponent(component('[x]*'), '[x]1')).toEqual(['1']);
    expect(matchComponent(component('(*)'), '(q)')).toEqual(['q']);
    expect(matchComponent(component('*.+'), 'a.+')).toEqual(['a']);
  });

  it('matches known paths by the same rules as collectMatches', () => {
    const cases: [string, string, boolean][] = [
      ['/**/*.txt', '/a/b/c.txt', true],
      ['/**/*.txt', '/c.txt', true],
      ['/**/*.txt', '/a/c.txt.bak', false],
      ['/a/*', '/a/b', true],
      ['/a/*', '/a/b/c', false],
      ['/a/**', '/a/b/c', true],
      ['/a/**', '/a', false],
      ['/*VuLink*', '/xVuLinky', true],
    ];
    for (const [pattern, path, expected] of cases) expect(matchesPath(parseGlob(pattern), path), `${pattern} ~ ${path}`).toBe(expected);
  });

  it('turns a trailing ** into "everything below"', () => {
    expect(parseGlob('/a/**').components.map((c) => c.kind)).toEqual(['literal', 'recursive', 'wildcard']);
  });
});
