import { PondError } from '../errors';
import { type SecretLookup, type SecretSource, expandEnv, secretLookup } from './env';
import type { DirectoryChild, Factory, FactoryExample, FactoryKind, FactoryRegistryView, JsonSchema, ReadContext, RunContext } from './types';
import { type CheckIssue, type KeyPath, type ParsedConfig, relocate, validateConfig } from './validate';

/** Factory names: what `mknod --factory` and the log store; letters, digits, `.`, `_`, `-`. */
const FACTORY_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * The factories of a pond engine, by name (SPEC §5). Every call validates the raw YAML with the factory's
 * own `validate`, expands `${env:…}` placeholders through the secrets it was built with, checks that the
 * factory has the function asked for, then calls it. Stored configs stay raw.
 */
export class FactoryRegistry implements FactoryRegistryView {
  private readonly factories = new Map<string, Factory>();
  private readonly secrets: SecretLookup;

  constructor(secrets: SecretSource, factories: Iterable<Factory<unknown>> = []) {
    this.secrets = secretLookup(secrets);
    for (const factory of factories) this.register(factory);
  }

  /**
   * Adds a factory. Refused (`InvalidArgument`) when its declared kind disagrees with its functions
   * (`createFile` ⇔ file/table, `createDirectory` ⇔ directory, neither ⇔ executable, and only executables
   * run), its name is malformed or its schema does not reject unknown keys; `AlreadyExists` for a taken name.
   */
  register<C>(factory: Factory<C>): this {
    const name = factory.name;
    const refuse = (why: string): never => {
      throw new PondError('InvalidArgument', `cannot register factory '${name}': ${why}`);
    };
    if (!FACTORY_NAME.test(name)) refuse('a factory name is letters, digits, ".", "_" and "-", starting with a letter or digit');
    if (this.factories.has(name)) throw new PondError('AlreadyExists', `factory '${name}' is already registered`);
    const has = {
      createFile: typeof factory.createFile === 'function',
      createDirectory: typeof factory.createDirectory === 'function',
      initialize: typeof factory.initialize === 'function',
      execute: typeof factory.execute === 'function',
    };
    const kind: FactoryKind = factory.kind;
    switch (kind) {
      case 'file':
      case 'table':
        if (!has.createFile) refuse(`it is declared a ${kind} factory but has no createFile`);
        if (has.createDirectory) refuse(`it is declared a ${kind} factory but has createDirectory`);
        break;
      case 'directory':
        if (!has.createDirectory) refuse('it is declared a directory factory but has no createDirectory');
        if (has.createFile) refuse('it is declared a directory factory but has createFile');
        break;
      case 'executable':
        if (has.createFile || has.createDirectory) {
          refuse(`it is declared executable but has ${has.createFile ? 'createFile' : 'createDirectory'} (an executable's node reads as its config)`);
        }
        if (!has.execute) refuse('it is declared executable but has no execute');
        break;
      default:
        refuse(`unknown kind '${String(kind)}' (file, table, directory or executable)`);
    }
    if (kind !== 'executable' && (has.execute || has.initialize)) {
      refuse(`it is declared a ${kind} factory but has ${has.execute ? 'execute' : 'initialize'}; only executable factories run`);
    }
    const schema = factory.configSchema;
    if (schema['type'] !== 'object' || (schema['additionalProperties'] !== false && schema['unevaluatedProperties'] !== false)) {
      refuse('its configSchema must be an object schema that rejects unknown keys (additionalProperties: false)');
    }
    if (typeof factory.validate !== 'function') refuse('it has no validate');
    this.factories.set(name, factory as Factory);
    return this;
  }

  /** The factory named `name`; `UnknownFactory: <name>` when there is none. */
  get(name: string): Factory {
    const factory = this.factories.get(name);
    if (factory === undefined) throw new PondError('UnknownFactory', name);
    return factory;
  }

  has(name: string): boolean {
    return this.factories.has(name);
  }

  /** Every factory, sorted by name. */
  list(): Factory[] {
    return [...this.factories.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /**
   * Validates raw YAML for the named factory (placeholders stay raw) and returns its config. For a nested
   * config, `keyPath` and `lineOffset` place every issue in the outer document.
   */
  validate(name: string, rawYaml: string, keyPath: KeyPath = [], lineOffset = 0): unknown {
    const factory = this.get(name);
    try {
      return factory.validate(rawYaml, this);
    } catch (error) {
      throw relocate(error, name, keyPath, lineOffset);
    }
  }

  /** Validates and expands placeholders: the config a factory call gets. */
  async config(name: string, rawYaml: string): Promise<unknown> {
    return expandEnv(this.validate(name, rawYaml), this.secrets);
  }

  async createFile(name: string, rawYaml: string, context: ReadContext): Promise<Uint8Array> {
    const factory = this.get(name);
    const create = factory.createFile;
    if (create === undefined) throw wrongKind(factory, 'create a file');
    return create.call(factory, await this.config(name, rawYaml), context);
  }

  async createDirectory(name: string, rawYaml: string, context: ReadContext): Promise<DirectoryChild[]> {
    const factory = this.get(name);
    const create = factory.createDirectory;
    if (create === undefined) throw wrongKind(factory, 'create a directory');
    return create.call(factory, await this.config(name, rawYaml), context);
  }

  /** Prepares a run (idempotent; the steward calls it before every execute). A factory without one is fine. */
  async initialize(name: string, rawYaml: string, context: RunContext): Promise<void> {
    const factory = this.get(name);
    if (factory.kind !== 'executable') throw wrongKind(factory, 'be initialized');
    const config = await this.config(name, rawYaml);
    await factory.initialize?.call(factory, config, context);
  }

  async execute(name: string, rawYaml: string, context: RunContext): Promise<void> {
    const factory = this.get(name);
    const run = factory.execute;
    if (factory.kind !== 'executable' || run === undefined) throw wrongKind(factory, 'be executed');
    await run.call(factory, await this.config(name, rawYaml), context);
  }
}

function wrongKind(factory: Factory, action: string): PondError {
  const article = factory.kind === 'executable' ? 'an' : 'a';
  return new PondError('TypeMismatch', `factory '${factory.name}' is ${article} ${factory.kind} factory; it cannot ${action}`);
}

/** What a factory definition gives; `validate` is made from `configSchema` (and `check`). */
export interface FactoryDefinition<C> {
  readonly name: string;
  readonly description: string;
  readonly kind: FactoryKind;
  readonly configSchema: JsonSchema;
  /**
   * Rules the schema cannot say, run after the schema check: issues located by their key path. `registry`
   * is there when validation goes through a registry (always, outside a factory's own unit tests).
   */
  readonly check?: (config: C, parsed: ParsedConfig, registry: FactoryRegistryView | undefined) => readonly CheckIssue[] | void;
  readonly createFile?: (config: C, context: ReadContext) => Promise<Uint8Array>;
  readonly createDirectory?: (config: C, context: ReadContext) => Promise<DirectoryChild[]>;
  readonly initialize?: (config: C, context: RunContext) => Promise<void>;
  readonly execute?: (config: C, context: RunContext) => Promise<void>;
  readonly examples: readonly FactoryExample[];
}

/** Builds a factory whose `validate` is the standard YAML + JSON Schema validation, so every built-in gets it the same way. */
export function defineFactory<C>(definition: FactoryDefinition<C>): Factory<C> {
  const { check, ...rest } = definition;
  const factory: Factory<C> = {
    ...rest,
    validate: (rawYaml: string, registry?: FactoryRegistryView): C =>
      validateConfig<C>(definition.name, definition.configSchema, rawYaml, check === undefined ? {} : { check: (config, parsed) => check(config, parsed, registry) }),
  };
  return factory;
}
