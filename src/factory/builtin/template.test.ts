import { describe, expect, it } from 'vitest';
import { PondError } from '../../errors';
import { FS, MemoryPersistence, type WD } from '../../tinyfs';
import { staticSecrets } from '../env';
import { registryResolver } from '../resolver';
import { ConfigError } from '../validate';
import { createDefaultRegistry } from './index';
import { failure } from '../../tinyfs/testing';

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
const decode = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);
const registry = createDefaultRegistry(staticSecrets({ SITE: 'Lake' }));

/** A memory pond with some inputs; `/out` is a template node of `yaml`. */
async function pond(yaml: string): Promise<WD> {
  registry.validate('template', yaml);
  const root = new FS(new MemoryPersistence(), { resolver: registryResolver(registry) }).root();
  await root.createDirAll('/sites/north');
  await root.createDirAll('/sites/south');
  await root.createFilePath('/sites/north/site.yaml', encode('title: North basin\ndepth: 12\ntags: [deep, cold]\n'));
  await root.createFilePath('/sites/south/site.yaml', encode('title: South bay\ndepth: 3\ntags: []\n'));
  await root.createFilePath('/sites/south/notes.json', encode('{"author": "ana", "ok": true}'));
  await root.createFilePath('/sites/readme.txt', encode('plain <text> & more'));
  await root.createDynamicPath('/out', 'file:dynamic', 'template', encode(yaml));
  return root;
}


function refusal(yaml: string): string {
  try {
    registry.validate('template', yaml);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected the config to be refused');
}

describe('template', () => {
  it('renders YAML inputs as data, with glob captures, in path order', async () => {
    const root = await pond(
      [
        'inputs:',
        '  glob: /sites/*/site.yaml',
        '  as: sites',
        'template: |',
        '  # {{sites.length}} sites (${env:SITE})',
        '  {{#sites}}',
        '  - {{captures.0}}: {{content.title}}, {{content.depth}} m{{#content.tags}} #{{.}}{{/content.tags}}{{^content.tags}} (no tags){{/content.tags}}',
        '  {{/sites}}',
        '',
      ].join('\n'),
    );
    expect(decode(await root.readFilePath('/out'))).toBe('# 2 sites (Lake)\n- north: North basin, 12 m #deep #cold\n- south: South bay, 3 m (no tags)\n');
  });

  it('JSON is parsed, other text is a string; nothing is HTML-escaped; objects print as JSON', async () => {
    const root = await pond("inputs: { glob: '/sites/**/*' }\ntemplate: '{{#inputs}}{{path}}={{content}};{{/inputs}}'\n");
    expect(decode(await root.readFilePath('/out'))).toBe(
      '/sites/north/site.yaml={"title":"North basin","depth":12,"tags":["deep","cold"]};' +
        '/sites/readme.txt=plain <text> & more;' +
        '/sites/south/notes.json={"author":"ana","ok":true};' +
        '/sites/south/site.yaml={"title":"South bay","depth":3,"tags":[]};',
    );
  });

  it('reads its template from a pond file, and re-renders when an input changes', async () => {
    const root = await pond('template_path: /tpl.mustache\ninputs:\n  glob: /sites/*.txt\n');
    await root.createFilePath('/tpl.mustache', encode('{{#inputs}}{{name}} says {{text}}{{/inputs}}\n'));
    expect(decode(await root.readFilePath('/out'))).toBe('readme.txt says plain <text> & more\n');
    await root.writeFilePath('/sites/readme.txt', encode('hello'));
    expect(decode(await root.readFilePath('/out'))).toBe('readme.txt says hello\n');
  });

  it('templates reach only the data, never built-in functions', async () => {
    const root = await pond("inputs: { glob: '/sites/*.txt' }\ntemplate: '[{{inputs.constructor}}][{{#inputs.map}}x{{/inputs.map}}][{{__proto__}}][{{inputs.0.text.length}}]'\n");
    expect(decode(await root.readFilePath('/out'))).toBe('[][][][19]');
  });

  it('errors name the template line: inline ones at validate time, with the config key', () => {
    expect(refusal('template: |\n  one\n  {{#items}}\n  two\n')).toBe(
      "Invalid configuration for factory 'template': line 1: template: the template, line 2, column 1: unclosed section \"items\"",
    );
    expect(refusal("template: 'a {{name'\n")).toBe("Invalid configuration for factory 'template': line 1: template: the template, line 1, column 3: unclosed tag");
    expect(refusal("template: 'x\n\n  {{/y}}'\n")).toContain('the template, line 2, column 1: unopened section "y"');
    expect(refusal("template: 'see {{> other}}'\n")).toBe(
      "Invalid configuration for factory 'template': line 1: template: the template, line 1, column 5: partials ({{> other}}) are not supported",
    );
  });

  it('a template file with a mistake fails the read, naming the file and line', async () => {
    const root = await pond('template_path: /tpl.mustache\n');
    await root.createFilePath('/tpl.mustache', encode('ok\nstill ok\n{{#open}}\n'));
    const error = await failure(() => root.readFilePath('/out'));
    expect(error.message).toContain('the template /tpl.mustache, line 3, column 1: unclosed section "open"');
  });

  it('needs exactly one of template and template_path; as must be a name', () => {
    expect(refusal('inputs: { glob: /x }\n')).toBe("Invalid configuration for factory 'template': line 1: give exactly one of template (inline) and template_path (a pond file)");
    expect(refusal('template: x\ntemplate_path: /y\n')).toBe("Invalid configuration for factory 'template': line 2: template_path: give exactly one of template (inline) and template_path (a pond file)");
    expect(refusal("template: x\ninputs: { glob: /x, as: 'a b' }\n")).toContain('line 2: inputs.as: does not match the pattern');
  });

  it('refuses inputs it cannot read as text, and other templates (no read loops)', async () => {
    const root = await pond("inputs: { glob: '/in/*' }\ntemplate: '{{#inputs}}{{text}}{{/inputs}}'\n");
    await root.createDirAll('/in');
    await root.createFilePath('/in/bad.yaml', encode('a: [1\n'));
    expect((await failure(() => root.readFilePath('/out'))).message).toMatch(/InvalidArgument: input \/in\/bad\.yaml, line 2, column 1: /);
    await root.removeEntry('/in/bad.yaml');
    await root.createFilePath('/in/t.arrow', encode('x'), 'table:physical:version');
    expect((await failure(() => root.readFilePath('/out'))).message).toContain('TypeMismatch: input /in/t.arrow is an Arrow table (table:physical:version); a template reads text files');
    await root.removeEntry('/in/t.arrow');
    await root.createFilePath('/in/bin', new Uint8Array([0xff, 0xfe]));
    expect((await failure(() => root.readFilePath('/out'))).message).toContain('TypeMismatch: input /in/bin is not UTF-8 text');
    await root.removeEntry('/in/bin');
    await root.createDynamicPath('/in/other', 'file:dynamic', 'template', encode("template: '{{x}}'\n"));
    expect((await failure(() => root.readFilePath('/out'))).message).toContain('input /in/other is made by the template factory too');
    await root.removeEntry('/in/other');
    const self = await pond("inputs: { glob: '/*' }\ntemplate: x\n");
    expect((await failure(() => self.readFilePath('/out'))).message).toBe("FactoryFailed: factory 'template' failed for /out: InvalidArgument: inputs.glob '/*' matches this template's own file /out");
  });

  it('no inputs: a fixed text; folders matched by the glob are skipped', async () => {
    const fixed = await pond('template: "just {{nothing}}text"\n');
    expect(decode(await fixed.readFilePath('/out'))).toBe('just text');
    const folders = await pond("inputs: { glob: '/sites/*' }\ntemplate: '{{#inputs}}{{name}} {{/inputs}}'\n");
    expect(decode(await folders.readFilePath('/out'))).toBe('readme.txt ');
  });
});
