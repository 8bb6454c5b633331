import Mustache from 'mustache';
import { LineCounter, parseDocument } from 'yaml';
import { PondError, errorMessage } from '../../errors';
import type { WD } from '../../tinyfs';
import { defineFactory } from '../registry';
import type { ReadContext } from '../types';
import type { CheckIssue } from '../validate';

/** `template` config, defaults applied. */
export interface TemplateConfig {
  readonly template?: string;
  readonly template_path?: string;
  readonly inputs?: { readonly glob: string; readonly as: string };
}

/** The factory's name; inputs made by it are refused (templates reading templates could loop). */
export const TEMPLATE = 'template';
/** Inputs one template may read: a glob that matches more is refused (narrow it). */
export const MAX_TEMPLATE_INPUTS = 1000;
/** Bytes all inputs of one template may add up to. */
export const MAX_TEMPLATE_INPUT_BYTES = 16 * 1024 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A file factory rendering a Mustache template (logic-less: the engine interprets it, nothing is compiled, and
 * a config cannot run JavaScript) with values read from pond files matched by a glob. Each input is
 * `{ path, name, captures, content, text }`; `content` is the parsed document for `.yaml`/`.yml`/`.json`
 * files and the text otherwise. Values are not HTML-escaped (the output is text); an object renders as JSON.
 */
export const templateFactory = defineFactory<TemplateConfig>({
  name: TEMPLATE,
  description: 'A text file rendered from a Mustache template (inline or a pond file) with values from pond files matched by a glob.',
  kind: 'file',
  configSchema: {
    type: 'object',
    description: 'The template and the files whose values it uses. Give exactly one of template and template_path.',
    properties: {
      template: {
        type: 'string',
        description: 'The Mustache template text: {{name}} inserts a value, {{#list}}…{{/list}} repeats for each item, {{^list}}…{{/list}} renders when it is empty. Partials ({{> x}}) are not supported.',
        examples: ['{{#inputs}}\n- {{name}}: {{content.title}}\n{{/inputs}}\n'],
      },
      template_path: {
        type: 'string',
        minLength: 1,
        description: 'A pond path to a file holding the template, instead of template (read when this file is read).',
        examples: ['/templates/report.md.mustache'],
      },
      inputs: {
        type: 'object',
        description: 'The pond files whose contents the template uses.',
        examples: [{ glob: '/data/sites/*.yaml', as: 'sites' }],
        properties: {
          glob: {
            type: 'string',
            minLength: 1,
            description: 'A pond glob (* within a name, ** for any depth); files only, in path order. Each * is a capture, in the item’s captures list.',
            examples: ['/data/sites/*.yaml', '/docs/**/*.md'],
          },
          as: {
            type: 'string',
            pattern: '^[A-Za-z_][A-Za-z0-9_]*$',
            description: 'The name of the list of matched files in the template.',
            default: 'inputs',
            examples: ['inputs', 'sites'],
          },
        },
        required: ['glob'],
        additionalProperties: false,
      },
    },
    additionalProperties: false,
  },
  examples: [
    {
      title: 'An index of the Markdown files under /docs',
      yaml: [
        'inputs:',
        '  glob: /docs/*.md',
        '  as: docs',
        'template: |',
        '  # Index',
        '  {{#docs}}',
        '  - {{captures.0}} ({{text.length}} characters)',
        '  {{/docs}}',
        '',
      ].join('\n'),
    },
    { title: 'A template kept in a pond file', yaml: 'template_path: /templates/report.mustache\ninputs:\n  glob: /data/sites/*.yaml\n  as: sites\n' },
  ],
  check: (config) => {
    const issues: CheckIssue[] = [];
    if ((config.template === undefined) === (config.template_path === undefined)) {
      issues.push({ path: config.template === undefined ? [] : ['template_path'], message: 'give exactly one of template (inline) and template_path (a pond file)' });
    }
    if (config.template !== undefined) {
      try {
        parseTemplate(config.template, 'the template');
      } catch (error) {
        issues.push({ path: ['template'], message: errorMessage(error).replace(/^InvalidConfig: /, '') });
      }
    }
    return issues;
  },
  async createFile(config, context) {
    const source = config.template ?? (await templateText(config.template_path as string, context));
    const origin = config.template === undefined ? `the template ${config.template_path}` : 'the template';
    parseTemplate(source, origin);
    const view: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    if (config.inputs !== undefined) view[config.inputs.as] = await readInputs(config.inputs.glob, context);
    try {
      return new TextEncoder().encode(Mustache.render(source, toView(view), undefined, { escape: show }));
    } catch (error) {
      throw new PondError('FactoryFailed', `${origin} could not be rendered: ${errorMessage(error)}`, { path: context.path, cause: error });
    }
  },
});

/** Parses a template to find its mistakes before rendering: `InvalidConfig` naming the template line and column. */
function parseTemplate(text: string, origin: string): void {
  const where = (offset: number): string => {
    const before = text.slice(0, offset).split('\n');
    return `line ${before.length}, column ${(before[before.length - 1]?.length ?? 0) + 1}`;
  };
  let tokens: unknown[];
  try {
    tokens = Mustache.parse(text);
  } catch (error) {
    const message = errorMessage(error);
    const at = /^(.*) at (\d+)$/.exec(message);
    if (at === null) throw new PondError('InvalidConfig', `${origin}: ${message}`);
    const what = at[1] as string;
    // Mustache reports unclosed tags and sections where the text ends; where they open is the useful place.
    const end = Number(at[2]);
    const unclosed = /^Unclosed section "(.*)"$/.exec(what);
    let offset = end;
    if (unclosed !== null) offset = openingOf(text, unclosed[1] as string, end);
    else if (what === 'Unclosed tag' && text.lastIndexOf('{{', end) >= 0) offset = text.lastIndexOf('{{', end);
    throw new PondError('InvalidConfig', `${origin}, ${where(offset)}: ${what.charAt(0).toLowerCase()}${what.slice(1)}`);
  }
  const partial = findPartial(tokens);
  if (partial !== null) throw new PondError('InvalidConfig', `${origin}, ${where(partial.start)}: partials ({{> ${partial.name}}}) are not supported`);
}

/** Where the last `{{#name}}` / `{{^name}}` before `end` starts (`end` when there is none, e.g. other delimiters). */
function openingOf(text: string, name: string, end: number): number {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  let found = end;
  for (const match of text.slice(0, end).matchAll(new RegExp(`\\{\\{\\s*[#^]\\s*${escaped}\\s*\\}\\}`, 'g'))) found = match.index;
  return found;
}

/** The first partial tag in a parsed template (tokens are `[type, value, start, end, children?]`). */
function findPartial(tokens: readonly unknown[]): { name: string; start: number } | null {
  for (const token of tokens as [string, string, number, number, unknown[]?][]) {
    if (token[0] === '>') return { name: token[1], start: token[2] };
    const inner = token[4];
    if (Array.isArray(inner)) {
      const found = findPartial(inner);
      if (found !== null) return found;
    }
  }
  return null;
}

/** Text for a value: as it is, an object or a list as JSON (Mustache would print "[object Object]"). */
function show(value: unknown): string {
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}

/**
 * A copy of plain data whose objects and lists have no prototype, so a template can only reach the data:
 * `{{inputs.constructor}}` or `{{#inputs.map}}` find nothing instead of built-in functions Mustache would call.
 */
function toView(value: unknown): unknown {
  if (Array.isArray(value)) return Object.setPrototypeOf(value.map(toView), null) as unknown;
  if (typeof value === 'object' && value !== null) {
    const out = Object.create(null) as Record<string, unknown>;
    for (const [key, item] of Object.entries(value)) out[key] = toView(item);
    return out;
  }
  return value;
}

async function templateText(path: string, context: ReadContext): Promise<string> {
  return decodeText(await readPlainFile(context.root, path, context.path, 'template'), path, 'template');
}

/** The matched files as template values, in path order. */
async function readInputs(glob: string, context: ReadContext): Promise<unknown[]> {
  const matches = await context.root.collectMatches(glob);
  const files: [string, string[]][] = [];
  for (const [node, captures] of matches) {
    if (node.entryType.startsWith('dir:')) continue; // a glob like /data/* also matches folders; inputs are files
    if (node.entryType === 'symlink' && (await context.root.metadata(node.path)).entryType.startsWith('dir:')) continue;
    files.push([node.path, captures]);
  }
  if (files.length > MAX_TEMPLATE_INPUTS) {
    throw new PondError('InvalidArgument', `inputs.glob '${glob}' matches ${files.length} files; a template reads at most ${MAX_TEMPLATE_INPUTS}`, { path: context.path });
  }
  let total = 0;
  const inputs: unknown[] = [];
  for (const [path, captures] of files) {
    if (path === context.path) throw new PondError('InvalidArgument', `inputs.glob '${glob}' matches this template's own file ${path}`, { path: context.path });
    const bytes = await readPlainFile(context.root, path, context.path, 'input');
    total += bytes.length;
    if (total > MAX_TEMPLATE_INPUT_BYTES) {
      throw new PondError('InvalidArgument', `the inputs of ${context.path} add up to more than ${MAX_TEMPLATE_INPUT_BYTES / 1024 / 1024} MiB, the limit for a template`, { path: context.path });
    }
    const text = decodeText(bytes, path, 'input');
    const name = path.slice(path.lastIndexOf('/') + 1);
    inputs.push({ path, name, captures, text, content: /\.(ya?ml|json)$/i.test(name) ? parseData(text, path) : text });
  }
  return inputs;
}

/**
 * The bytes of a file a template reads. Tables are refused (a template reads text), and so are files made by
 * another template: templates reading templates could read each other forever.
 */
async function readPlainFile(root: WD, path: string, reader: string, role: 'input' | 'template'): Promise<Uint8Array> {
  const meta = await root.metadata(path);
  if (meta.entryType.startsWith('table:')) {
    throw new PondError('TypeMismatch', `${role} ${path} is an Arrow table (${meta.entryType}); a template reads text files`, { path: reader });
  }
  if (meta.factory === TEMPLATE) {
    throw new PondError('InvalidArgument', `${role} ${path} is made by the template factory too; templates do not read other templates (they could read each other forever)`, { path: reader });
  }
  return root.readFilePath(path);
}

function decodeText(bytes: Uint8Array, path: string, role: string): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new PondError('TypeMismatch', `${role} ${path} is not UTF-8 text`, { path });
  }
}

/** A YAML or JSON input as data (JSON is read as YAML 1.2, which contains it); errors name the file and line. */
function parseData(text: string, path: string): unknown {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, logLevel: 'error' });
  const error = doc.errors[0];
  if (error !== undefined) {
    const { line, col } = lineCounter.linePos(error.pos[0]);
    throw new PondError('InvalidArgument', `input ${path}, line ${line}, column ${col}: ${error.message}`, { path });
  }
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch (cause) {
    throw new PondError('InvalidArgument', `input ${path}: ${errorMessage(cause)}`, { path, cause });
  }
}
