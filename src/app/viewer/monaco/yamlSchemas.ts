import { type JSONSchema, type MonacoYaml, configureMonacoYaml } from 'monaco-yaml';
import type { monaco as Monaco } from './setup';

/**
 * The JSON Schemas monaco-yaml checks YAML models against, one per model (a config editor's model gets its
 * factory's schema). Schemas are given inline and never fetched (`enableSchemaRequest: false`): the app is
 * offline and its CSP allows no requests elsewhere.
 */
const bound = new Map<string, { readonly schema: JSONSchema; readonly name: string }>();
let yaml: MonacoYaml | null = null;

function schemas(monaco: typeof Monaco) {
  return [...bound].map(([modelPath, { schema, name }], index) => ({
    // A plain file URI names the inline schema: the language service normalizes URIs, and one of another
    // scheme is then looked up as a schema to fetch ("Unable to load schema"). Nothing is ever fetched.
    // Hover shows the URI's last segment as the source, so that is the factory's name.
    uri: `file:///duckpond/schemas/${index}/${encodeURIComponent(name)}.json`,
    // monaco-yaml matches `fileMatch` against the model's URI as Monaco spells it.
    fileMatch: [monaco.Uri.parse(modelPath).toString()],
    schema,
  }));
}

function update(monaco: typeof Monaco): void {
  const options = { enableSchemaRequest: false, validate: true, completion: true, hover: true, schemas: schemas(monaco) };
  if (yaml === null) yaml = configureMonacoYaml(monaco, options);
  else void yaml.update(options);
}

/**
 * Checks the YAML model at `modelPath` against `schema`, named `name` in hovers (completion, hover,
 * squiggles); returns the unbinding.
 */
export function bindSchema(monaco: typeof Monaco, modelPath: string, schema: JSONSchema, name: string): () => void {
  bound.set(modelPath, { schema, name });
  update(monaco);
  return () => {
    if (bound.get(modelPath)?.schema !== schema) return;
    bound.delete(modelPath);
    update(monaco);
  };
}
