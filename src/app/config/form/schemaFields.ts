/**
 * How the form view reads a factory's JSON Schema: which control a field gets, its type label, default and
 * description, and the value a new item starts from. Only the subset the factories use is understood
 * (type, properties, required, additionalProperties, items, enum/const, default, examples, local $ref);
 * a field outside it is shown read-only with a pointer to the YAML view, never guessed at.
 */

export type Schema = { readonly [key: string]: unknown };

/** The control a field gets. `config` is a nested factory config (`x-config-of`); `other` is YAML-only. */
export type FieldKind = 'object' | 'map' | 'array' | 'string' | 'enum' | 'number' | 'integer' | 'boolean' | 'config' | 'other';

/**
 * The annotation a directory factory puts on a nested config: its value names the sibling key that holds
 * the factory whose schema the config follows (`dynamic-dir`'s `entries[].config` → `factory`).
 */
export const CONFIG_OF = 'x-config-of';

/** `schema` with a local `$ref` (`#/$defs/x`, `#/definitions/x`) followed against `root`. */
export function resolve(schema: Schema, root: Schema): Schema {
  let current = schema;
  for (let hops = 0; typeof current['$ref'] === 'string' && hops < 16; hops++) {
    const ref = current['$ref'];
    if (!ref.startsWith('#/')) return current;
    let target: unknown = root;
    for (const part of ref.slice(2).split('/')) target = isSchema(target) ? target[part.replaceAll('~1', '/').replaceAll('~0', '~')] : undefined;
    if (!isSchema(target)) return current;
    current = { ...target, ...withoutRef(current) };
  }
  return current;
}

/** Which control `schema` gets. */
export function fieldKind(schema: Schema): FieldKind {
  if (typeof schema[CONFIG_OF] === 'string') return 'config';
  if (enumValues(schema) !== null) return 'enum';
  switch (primaryType(schema)) {
    case 'string':
      return 'string';
    case 'integer':
      return 'integer';
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'array':
      return isSchema(schema['items']) ? 'array' : 'other';
    case 'object':
      if (isSchema(schema['properties'])) return 'object';
      return isSchema(schema['additionalProperties']) ? 'map' : 'other';
    default:
      return 'other';
  }
}

/** The allowed values of an enum field (`enum`, or `oneOf`/`anyOf` of `const`s), else null. */
export function enumValues(schema: Schema): readonly unknown[] | null {
  if (Array.isArray(schema['enum'])) return schema['enum'];
  for (const key of ['oneOf', 'anyOf']) {
    const options = schema[key];
    if (Array.isArray(options) && options.length > 0 && options.every((o) => isSchema(o) && 'const' in o)) return options.map((o) => (o as Schema)['const']);
  }
  return null;
}

/** The label shown next to a field: `string`, `integer ≥ 1`, `one of sine, square`, `list of object`. */
export function typeLabel(schema: Schema, root: Schema): string {
  const values = enumValues(schema);
  if (values !== null) return 'choice';
  const type = primaryType(schema);
  if (type === 'array' && isSchema(schema['items'])) return `list of ${typeLabel(resolve(schema['items'], root), root)}`;
  if (type === 'object' && !isSchema(schema['properties']) && isSchema(schema['additionalProperties'])) {
    return `map of ${typeLabel(resolve(schema['additionalProperties'], root), root)}`;
  }
  const bounds = [
    typeof schema['minimum'] === 'number' ? `≥ ${schema['minimum']}` : '',
    typeof schema['maximum'] === 'number' ? `≤ ${schema['maximum']}` : '',
  ].filter((b) => b !== '');
  return [type ?? 'value', ...bounds].join(' ');
}

/** The field's properties in schema order, with whether each is required. */
export function properties(schema: Schema): { readonly name: string; readonly schema: Schema; readonly required: boolean }[] {
  const props = isSchema(schema['properties']) ? schema['properties'] : {};
  const required = new Set(Array.isArray(schema['required']) ? (schema['required'] as unknown[]).map(String) : []);
  return Object.entries(props)
    .filter((entry): entry is [string, Schema] => isSchema(entry[1]))
    .map(([name, sub]) => ({ name, schema: sub, required: required.has(name) }));
}

/** Whether a mapping under `schema` may hold keys its `properties` do not name. */
export function allowsOtherKeys(schema: Schema): boolean {
  return schema['additionalProperties'] !== false && schema['unevaluatedProperties'] !== false;
}

export function description(schema: Schema): string | null {
  return typeof schema['description'] === 'string' ? schema['description'] : null;
}

export function defaultOf(schema: Schema): unknown {
  return schema['default'];
}

/** Suggestions for a string field (`examples`), shown as completions of its input. */
export function examplesOf(schema: Schema): string[] {
  return Array.isArray(schema['examples']) ? schema['examples'].filter((e): e is string => typeof e === 'string') : [];
}

/** The value a new list item or map entry starts from: its default, or an empty value with required keys filled. */
export function initialValue(schema: Schema, root: Schema): unknown {
  const resolved = resolve(schema, root);
  if ('default' in resolved) return resolved['default'];
  const values = enumValues(resolved);
  if (values !== null) return values[0] ?? null;
  switch (fieldKind(resolved)) {
    case 'string':
      return '';
    case 'integer':
    case 'number':
      return typeof resolved['minimum'] === 'number' ? resolved['minimum'] : 0;
    case 'boolean':
      return false;
    case 'array':
      return [];
    case 'map':
    case 'config':
      return {};
    case 'object':
      return Object.fromEntries(properties(resolved).filter((p) => p.required).map((p) => [p.name, initialValue(p.schema, root)]));
    default:
      return null;
  }
}

function primaryType(schema: Schema): string | undefined {
  const type = schema['type'];
  if (typeof type === 'string') return type;
  // `type: [string, "null"]`: the form edits the non-null one.
  if (Array.isArray(type)) return type.find((t): t is string => typeof t === 'string' && t !== 'null');
  if (isSchema(schema['properties'])) return 'object';
  return undefined;
}

function withoutRef(schema: Schema): Schema {
  const { $ref: _ref, ...rest } = schema;
  return rest;
}

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
