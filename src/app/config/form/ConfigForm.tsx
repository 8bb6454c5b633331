import { createContext, useContext, useId, useRef, useState } from 'react';
import type { Document } from 'yaml';
import type { ConfigProblem, FactoryInfo } from '../../engine/protocol';
import { type KeyPath, keysAt, lengthAt, parseConfig, valueAt, withItem, withItemMoved, withKeyRenamed, withValue, withoutValue } from './configDocument';
import { SecretPicker } from './SecretPicker';
import {
  CONFIG_OF,
  type FieldKind,
  type Schema,
  allowsOtherKeys,
  defaultOf,
  description,
  enumValues,
  examplesOf,
  fieldKind,
  initialValue,
  properties,
  resolve,
  typeLabel,
} from './schemaFields';

export interface ConfigFormProps {
  readonly text: string;
  readonly onChange: (text: string) => void;
  readonly factory: FactoryInfo;
  /** Every factory, for nested configs (`x-config-of`). */
  readonly factories: readonly FactoryInfo[];
  readonly problems: readonly ConfigProblem[];
  /** Names of the browser's secrets, offered as `${env:NAME}` in string fields. */
  readonly secrets: readonly string[];
  /** Leaves the form for the YAML view (when the text does not parse). */
  readonly onShowYaml: () => void;
}

/** What every field needs: the document being edited, how to change it, and where its problems are. */
interface FormContext {
  readonly doc: Document;
  readonly change: (edit: (text: string) => string) => void;
  readonly factories: readonly FactoryInfo[];
  readonly problemsAt: (path: KeyPath) => readonly ConfigProblem[];
  readonly secrets: readonly string[];
}

const Form = createContext<FormContext | null>(null);

function useForm(): FormContext {
  const context = useContext(Form);
  if (context === null) throw new Error('a config form field is rendered outside its ConfigForm');
  return context;
}

/** `data-path` of a field: the same key path the engine reports problems at, as JSON. */
export function fieldId(path: KeyPath): string {
  return JSON.stringify(path);
}

/**
 * A factory config as a form generated from the factory's JSON Schema: each field with its type, default
 * and description, enums as selects, lists and nested objects editable, a nested factory config edited
 * against that factory's own schema. Every edit goes through the `yaml` Document of the same text the YAML
 * view shows, so comments and key order survive switching. A text that does not parse is not edited here.
 */
export function ConfigForm({ text, onChange, factory, factories, problems, secrets, onShowYaml }: ConfigFormProps) {
  const parsed = parseConfig(text);
  if (!parsed.ok) {
    return (
      <div className="config-form">
        <p className="field-error" role="alert">
          The YAML does not parse (line {parsed.line}: {parsed.message}), so the form cannot show it.{' '}
          <button type="button" className="link-button" onClick={onShowYaml}>
            Fix it in the YAML view
          </button>
        </p>
      </div>
    );
  }
  const byPath = new Map<string, ConfigProblem[]>();
  for (const problem of problems) {
    if (problem.keyPath === undefined) continue;
    const key = fieldId(problem.keyPath);
    byPath.set(key, [...(byPath.get(key) ?? []), problem]);
  }
  const context: FormContext = {
    doc: parsed.doc,
    change: (edit) => onChange(edit(text)),
    factories,
    problemsAt: (path) => byPath.get(fieldId(path)) ?? [],
    secrets,
  };
  const root = factory.configSchema as Schema;
  return (
    <Form.Provider value={context}>
      <div className="config-form" aria-label={`Form for ${factory.name}`} role="group">
        <ObjectFields path={[]} schema={root} root={root} />
      </div>
    </Form.Provider>
  );
}

interface FieldProps {
  readonly path: KeyPath;
  readonly schema: Schema;
  /** The schema `$ref`s resolve against (the factory's, or a nested factory's). */
  readonly root: Schema;
}

/** The properties of an object in schema order, then keys the document has that the schema does not name. */
function ObjectFields({ path, schema, root }: FieldProps) {
  const { doc, change } = useForm();
  const props = properties(schema);
  const known = new Set(props.map((p) => p.name));
  const unknown = keysAt(doc, path).filter((key) => !known.has(key));
  // A nested config names the sibling key holding its factory: that key becomes a choice of factories.
  const nested = props.find((p) => typeof resolve(p.schema, root)[CONFIG_OF] === 'string');
  const factoryKey = nested === undefined ? null : String(resolve(nested.schema, root)[CONFIG_OF]);
  return (
    <>
      {props.map((prop) =>
        prop.name === factoryKey && nested !== undefined ? (
          <FactoryField key={prop.name} path={[...path, prop.name]} configPath={[...path, nested.name]} name={prop.name} schema={resolve(prop.schema, root)} />
        ) : (
          <Field key={prop.name} path={[...path, prop.name]} name={prop.name} schema={resolve(prop.schema, root)} root={root} required={prop.required} />
        ),
      )}
      {unknown.map((key) => (
        <div key={key} className="form-field" data-path={fieldId([...path, key])}>
          <span className="form-label">
            <code>{key}</code> <span className="field-type">{allowsOtherKeys(schema) ? 'extra key' : 'unknown key'}</span>
          </span>
          <code className="form-summary">{summary(valueAt(doc, [...path, key]))}</code>
          <FieldProblems path={[...path, key]} />
          <button type="button" className="form-remove" onClick={() => change((t) => withoutValue(t, [...path, key]))}>
            Remove {key}
          </button>
        </div>
      ))}
    </>
  );
}

interface NamedFieldProps extends FieldProps {
  readonly name: string;
  readonly required: boolean;
}

/** One field: its label (name, type, required), its control, its description and default, its problems. */
function Field({ path, name, schema, root, required }: NamedFieldProps) {
  const { doc, change } = useForm();
  const id = useId();
  const kind = fieldKind(schema);
  const value = valueAt(doc, path);
  const present = value !== undefined;
  const help = description(schema);
  const fallback = defaultOf(schema);
  const group = isGroup(kind);
  const label = (
    <>
      <code className="form-name">{name}</code> <span className="field-type">{typeLabel(schema, root)}</span>
      {required && <span className="form-required"> required</span>}
    </>
  );
  // Removing an optional key is its own action: emptying a field keeps the key (and its comment).
  const unset = !required && present && (
    <button type="button" className="link-button form-unset" aria-label={`Unset ${name}`} title="Remove this key: the factory's default applies" onClick={() => change((t) => withoutValue(t, path))}>
      Unset
    </button>
  );
  const notes = (
    <>
      {help !== null && <p className="form-help">{help}</p>}
      {fallback !== undefined && !present && <p className="form-help">Default: {summary(fallback)}</p>}
      <FieldProblems path={path} />
    </>
  );
  if (group) {
    return (
      <fieldset className="form-group" data-path={fieldId(path)}>
        <legend>
          {label} {unset}
        </legend>
        {notes}
        {!present && !required && kind !== 'array' && kind !== 'map' ? (
          <button type="button" onClick={() => change((t) => withValue(t, path, initialValue(schema, root)))}>
            Add {name}
          </button>
        ) : (
          <GroupControl kind={kind} path={path} schema={schema} root={root} name={name} />
        )}
      </fieldset>
    );
  }
  return (
    <div className="form-field" data-path={fieldId(path)}>
      <span className="form-label-row">
        <label className="form-label" htmlFor={id}>
          {label}
        </label>
        {unset}
      </span>
      <ScalarControl id={id} kind={kind} path={path} schema={schema} required={required} />
      {notes}
    </div>
  );
}

/** The body of a nested object, map, list or nested factory config. */
function GroupControl({ kind, path, schema, root, name }: FieldProps & { readonly kind: FieldKind; readonly name: string }) {
  switch (kind) {
    case 'object':
      return <ObjectFields path={path} schema={schema} root={root} />;
    case 'map':
      return <MapFields path={path} schema={schema} root={root} />;
    case 'array':
      return <ListFields path={path} schema={schema} root={root} name={name} />;
    default:
      return <NestedConfig path={path} schema={schema} />;
  }
}

/**
 * The factory of a nested config, chosen from every factory with its description; choosing another one
 * starts its config from that factory's first example (the old config would not fit its schema).
 */
function FactoryField({ path, configPath, name, schema }: { readonly path: KeyPath; readonly configPath: KeyPath; readonly name: string; readonly schema: Schema }) {
  const { doc, change, factories: all } = useForm();
  // A nested config makes a node (a directory's child); executables make none, so they are not offered.
  const factories = all.filter((f) => f.kind !== 'executable');
  const id = useId();
  const value = valueAt(doc, path);
  const chosen = factories.find((f) => f.name === value);
  const choose = (next: string): void => {
    const factory = factories.find((f) => f.name === next);
    if (factory === undefined) return;
    const example = parseConfig(factory.examples[0]?.yaml ?? '');
    const config = example.ok ? (example.doc.toJS() ?? {}) : {};
    change((t) => withValue(withValue(t, path, next), configPath, config));
  };
  const help = description(schema);
  return (
    <div className="form-field" data-path={fieldId(path)}>
      <label className="form-label" htmlFor={id}>
        <code className="form-name">{name}</code> <span className="field-type">factory</span>
        <span className="form-required"> required</span>
      </label>
      <select id={id} value={chosen === undefined ? '' : chosen.name} onChange={(event) => choose(event.target.value)}>
        {chosen === undefined && <option value="">{value === undefined || value === '' ? '(choose a factory)' : `${summary(value)} (unknown)`}</option>}
        {factories.map((f) => (
          <option key={f.name} value={f.name}>
            {f.name} ({f.kind})
          </option>
        ))}
      </select>
      {help !== null && <p className="form-help">{help}</p>}
      {chosen !== undefined && <p className="form-help">{chosen.description}</p>}
      <FieldProblems path={path} />
    </div>
  );
}

/** A nested factory config: the form of the factory its sibling key names, against that factory's schema. */
function NestedConfig({ path, schema }: { readonly path: KeyPath; readonly schema: Schema }) {
  const { doc, factories } = useForm();
  const sibling = String(schema[CONFIG_OF]);
  const name = valueAt(doc, [...path.slice(0, -1), sibling]);
  const factory = factories.find((f) => f.name === name);
  if (factory === undefined) {
    return <p className="muted">{typeof name === 'string' && name !== '' ? `No factory named ${name}.` : `Choose a ${sibling} first; its config follows that factory's schema.`}</p>;
  }
  const root = factory.configSchema as Schema;
  return (
    <>
      <p className="form-help">
        Config for <span className="badge">{factory.name}</span> — {factory.description}
      </p>
      <ObjectFields path={path} schema={root} root={root} />
    </>
  );
}

/** A list: each item with its own controls, moved up or down or removed; "Add" appends a starting value. */
function ListFields({ path, schema, root, name }: FieldProps & { readonly name: string }) {
  const { doc, change } = useForm();
  const itemSchema = resolve(schema['items'] as Schema, root);
  const count = lengthAt(doc, path);
  const itemKind = fieldKind(itemSchema);
  return (
    <>
      <ol className="form-list">
        {Array.from({ length: count }, (_, index) => {
          const itemPath = [...path, index];
          const title = itemTitle(valueAt(doc, itemPath), name, index);
          return (
            <li key={index} className="form-item">
              <div className="form-item-bar">
                <span className="form-item-title">{title}</span>
                <span className="toolbar-gap" />
                <button type="button" aria-label={`Move ${title} up`} disabled={index === 0} onClick={() => change((t) => withItemMoved(t, path, index, -1))}>
                  ↑
                </button>
                <button type="button" aria-label={`Move ${title} down`} disabled={index === count - 1} onClick={() => change((t) => withItemMoved(t, path, index, 1))}>
                  ↓
                </button>
                <button type="button" aria-label={`Remove ${title}`} onClick={() => change((t) => withoutValue(t, itemPath))}>
                  Remove
                </button>
              </div>
              {isGroup(itemKind) ? (
                <GroupControl kind={itemKind} path={itemPath} schema={itemSchema} root={root} name={title} />
              ) : (
                <>
                  <ScalarControl kind={itemKind} path={itemPath} schema={itemSchema} required label={title} />
                  <FieldProblems path={itemPath} />
                </>
              )}
            </li>
          );
        })}
      </ol>
      <button type="button" onClick={() => change((t) => withItem(t, path, initialValue(itemSchema, root)))}>
        Add to {name}
      </button>
    </>
  );
}

/** A mapping of free keys (`additionalProperties`): each key renamable, each value with its control. */
function MapFields({ path, schema, root }: FieldProps) {
  const { doc, change } = useForm();
  const valueSchema = resolve(schema['additionalProperties'] as Schema, root);
  const keys = keysAt(doc, path);
  const kind = fieldKind(valueSchema);
  const fresh = (): string => {
    for (let n = keys.length + 1; ; n++) if (!keys.includes(`key${n}`)) return `key${n}`;
  };
  return (
    <>
      <ul className="form-map">
        {keys.map((key) => (
          <li key={key} className="form-map-row" data-path={fieldId([...path, key])}>
            <KeyInput value={key} taken={keys} onRename={(to) => change((t) => withKeyRenamed(t, path, key, to))} />
            {isGroup(kind) ? (
              <GroupControl kind={kind} path={[...path, key]} schema={valueSchema} root={root} name={key} />
            ) : (
              <ScalarControl kind={kind} path={[...path, key]} schema={valueSchema} required label={`Value of ${key}`} />
            )}
            <button type="button" aria-label={`Remove ${key}`} onClick={() => change((t) => withoutValue(t, [...path, key]))}>
              Remove
            </button>
            <FieldProblems path={[...path, key]} />
          </li>
        ))}
      </ul>
      <button type="button" onClick={() => change((t) => withValue(t, [...path, fresh()], initialValue(valueSchema, root)))}>
        Add a key
      </button>
    </>
  );
}

/** A map key, renamed when the input is left (not per keystroke: a half-typed key would collide). */
function KeyInput({ value, taken, onRename }: { readonly value: string; readonly taken: readonly string[]; readonly onRename: (to: string) => void }) {
  const [draft, setDraft] = useState(value);
  const clash = draft !== value && taken.includes(draft) ? `${draft} is already a key` : draft === '' ? 'A key cannot be empty' : null;
  const commit = (): void => {
    if (clash === null && draft !== value) onRename(draft);
    else setDraft(value);
  };
  return (
    <span className="form-key">
      <input
        aria-label={`Key ${value}`}
        value={draft}
        spellCheck={false}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={commit}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault();
            commit();
          }
        }}
      />
      {clash !== null && <span className="field-error">{clash}</span>}
    </span>
  );
}

interface ScalarProps {
  readonly id?: string;
  readonly kind: FieldKind;
  readonly path: KeyPath;
  readonly schema: Schema;
  readonly required: boolean;
  /** An accessible name when there is no visible <label> (list items, map values). */
  readonly label?: string;
}

/** The input of a string, number, boolean or enum; anything else is shown as YAML-only. */
function ScalarControl({ id: given, kind, path, schema, required, label }: ScalarProps) {
  const { doc, change } = useForm();
  const own = useId();
  const id = given ?? own;
  const value = valueAt(doc, path);
  const set = (next: unknown): void => change((t) => withValue(t, path, next));
  const unset = (): void => change((t) => withoutValue(t, path));
  const named: Record<string, string> = label === undefined ? {} : { 'aria-label': label };
  switch (kind) {
    case 'enum': {
      const values = enumValues(schema) ?? [];
      const index = values.findIndex((v) => v === value);
      return (
        <select
          id={id}
          {...named}
          value={value === undefined ? '' : index >= 0 ? String(index) : 'other'}
          onChange={(event) => (event.target.value === '' ? unset() : set(values[Number(event.target.value)]))}
        >
          {(!required || value === undefined) && <option value="">{unsetChoice(schema)}</option>}
          {index < 0 && value !== undefined && <option value="other">{summary(value)} (not allowed)</option>}
          {values.map((v, i) => (
            <option key={i} value={String(i)}>
              {summary(v)}
            </option>
          ))}
        </select>
      );
    }
    case 'boolean':
      return (
        <select id={id} {...named} value={value === undefined ? '' : String(value)} onChange={(event) => (event.target.value === '' ? unset() : set(event.target.value === 'true'))}>
          {(!required || value === undefined) && <option value="">{unsetChoice(schema)}</option>}
          <option value="true">true</option>
          <option value="false">false</option>
        </select>
      );
    case 'integer':
    case 'number':
      return <NumberInput id={id} named={named} value={value} integer={kind === 'integer'} placeholder={placeholder(schema)} set={set} />;
    case 'string':
      return <StringInput id={id} named={named} value={value} schema={schema} set={set} />;
    default:
      return (
        <p className="muted" id={id}>
          <code className="form-summary">{summary(value)}</code> — edit this value in the YAML view.
        </p>
      );
  }
}

/** A string: an input (a text area when multi-line), completions from the schema's examples, a secret picker. */
function StringInput({
  id,
  named,
  value,
  schema,
  set,
}: {
  readonly id: string;
  readonly named: Record<string, string>;
  readonly value: unknown;
  readonly schema: Schema;
  readonly set: (value: unknown) => void;
}) {
  const { secrets } = useForm();
  const input = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const text = value === undefined || value === null ? '' : String(value);
  const examples = examplesOf(schema);
  const listId = `${id}-examples`;
  const update = (next: string): void => set(next);
  const insert = (token: string): void => {
    const element = input.current;
    const start = element?.selectionStart ?? text.length;
    const end = element?.selectionEnd ?? text.length;
    update(text.slice(0, start) + token + text.slice(end));
  };
  const common = {
    id,
    ...named,
    ref: input,
    value: text,
    spellCheck: false,
    placeholder: placeholder(schema),
  };
  return (
    <span className="form-string">
      {text.includes('\n') ? (
        <textarea {...common} rows={Math.min(12, text.split('\n').length + 1)} onChange={(event) => update(event.target.value)} />
      ) : (
        <input {...common} {...(examples.length > 0 ? { list: listId } : {})} onChange={(event) => update(event.target.value)} />
      )}
      {examples.length > 0 && (
        <datalist id={listId}>
          {examples.map((example) => (
            <option key={example} value={example} />
          ))}
        </datalist>
      )}
      <SecretPicker names={secrets} onPick={(name) => insert(`\${env:${name}}`)} />
    </span>
  );
}

/** A number typed as text: kept locally until it is a number, so `1.` or `-` while typing is not lost. */
function NumberInput({
  id,
  named,
  value,
  integer,
  placeholder: hint,
  set,
}: {
  readonly id: string;
  readonly named: Record<string, string>;
  readonly value: unknown;
  readonly integer: boolean;
  readonly placeholder: string;
  readonly set: (value: unknown) => void;
}) {
  const shown = value === undefined || value === null ? '' : String(value);
  const [draft, setDraft] = useState<{ for: string; text: string } | null>(null);
  const text = draft !== null && draft.for === shown ? draft.text : shown;
  const problem = text === shown ? null : numberProblem(text, integer);
  return (
    <span className="form-number">
      <input
        id={id}
        {...named}
        inputMode={integer ? 'numeric' : 'decimal'}
        value={text}
        placeholder={hint}
        spellCheck={false}
        onChange={(event) => {
          const next = event.target.value;
          if (numberProblem(next, integer) !== null) {
            setDraft({ for: shown, text: next });
            return;
          }
          setDraft(null);
          set(Number(next));
        }}
      />
      {problem !== null && <span className="field-error">{problem}</span>}
    </span>
  );
}

/** Why a typed text is not (yet) the field's number; an empty field is left to "Unset" or a new number. */
function numberProblem(text: string, integer: boolean): string | null {
  if (text.trim() === '') return 'Type a number';
  const n = Number(text);
  if (!Number.isFinite(n)) return `${text} is not a number`;
  if (integer && !Number.isInteger(n)) return `${text} is not a whole number`;
  return null;
}

/** The problems the engine found at exactly this field. */
function FieldProblems({ path }: { readonly path: KeyPath }) {
  const { problemsAt } = useForm();
  const found = problemsAt(path);
  if (found.length === 0) return null;
  return (
    <ul className="form-problems">
      {found.map((problem, index) => (
        <li key={index} className="field-error">
          Line {problem.line}: {problem.message}
        </li>
      ))}
    </ul>
  );
}

/** Whether a field of this kind is a fieldset of fields (rather than one input). */
function isGroup(kind: FieldKind): boolean {
  return kind === 'object' || kind === 'map' || kind === 'array' || kind === 'config';
}

/** The select option that leaves an optional key out: what applies then. */
function unsetChoice(schema: Schema): string {
  const fallback = defaultOf(schema);
  return fallback === undefined ? '(not set)' : `(default: ${summary(fallback)})`;
}

function placeholder(schema: Schema): string {
  const fallback = defaultOf(schema);
  return fallback === undefined ? '' : `default: ${summary(fallback)}`;
}

/** A list item's title: its `name` when it has one (`entries: hello.txt`), else its position. */
function itemTitle(value: unknown, list: string, index: number): string {
  if (typeof value === 'object' && value !== null && typeof (value as { name?: unknown }).name === 'string' && (value as { name: string }).name !== '') {
    return `${list}: ${(value as { name: string }).name}`;
  }
  return `${list} #${index + 1}`;
}

/** A short, one-line rendering of a value for labels and read-only fields. */
function summary(value: unknown): string {
  if (value === undefined) return '(not set)';
  if (typeof value === 'string') return value;
  const json = JSON.stringify(value);
  return json.length > 80 ? `${json.slice(0, 79)}…` : json;
}
