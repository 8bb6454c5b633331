import { ConfigError, type FactoryRegistryView, formatKeyPath } from '../../factory';
import type { ConfigProblem } from './protocol';

/**
 * The problems of a raw YAML config for `factory`, as the editor lists them: the registry's own validation
 * (YAML syntax, JSON Schema, the factory's `check`) — the same one a commit runs, so the list never says
 * "fine" about a config the commit would refuse. Only `InvalidConfig` becomes problems; anything else (an
 * unknown factory, a bug) is thrown, never turned into "no problems".
 */
export function configProblems(registry: FactoryRegistryView, factory: string, config: string): ConfigProblem[] {
  try {
    registry.validate(factory, config);
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.issues.map((issue) => ({
      // A problem without a place (the document is too large) belongs to the first line.
      line: issue.line ?? 1,
      ...(issue.column === undefined ? {} : { column: issue.column }),
      ...(issue.path.length === 0 ? {} : { path: formatKeyPath(issue.path), keyPath: [...issue.path] }),
      message: issue.message,
      kind: issue.kind,
    }));
  }
}
