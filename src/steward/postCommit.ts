import { isPondError } from '../errors';
import type { FactoryRegistry } from '../factory';
import type { WD } from '../tinyfs';
import { type Settings, factoryMode } from './settings';

/** Where post-commit factories live (SPEC §6). */
export const SYSTEM_D = '/etc/system.d';

/** One node found by discovery: run it (pending) or record why not (skipped). */
export interface PlannedRun {
  readonly executionSeq: number;
  readonly factoryName: string;
  readonly configPath: string;
  readonly skip?: string;
  /** The factory has no mode set; it runs as push and that default gets written. */
  readonly defaultedMode: boolean;
}

/**
 * Discovery inside the committing transaction (SPEC §6 steps 1–2): `/etc/system.d/*`, one level, sorted;
 * each node's own factory; executable `push` factories run, everything else is skipped with a reason.
 */
export async function discoverRuns(root: WD, registry: FactoryRegistry, settings: Settings): Promise<PlannedRun[]> {
  const lookup = await root.resolvePath(SYSTEM_D);
  if (lookup.kind === 'missing') return [];
  const matches = await root.collectMatches(`${SYSTEM_D}/*`);
  const plan: PlannedRun[] = [];
  for (const [index, [node]] of matches.entries()) {
    const executionSeq = index + 1;
    const meta = await root.metadata(node.path);
    const base = { executionSeq, configPath: node.path };
    if (meta.factory === undefined) {
      plan.push({ ...base, factoryName: '', skip: `not a dynamic node (${node.entryType})`, defaultedMode: false });
      continue;
    }
    let kind: string;
    try {
      kind = registry.get(meta.factory).kind;
    } catch (error) {
      if (!isPondError(error, 'UnknownFactory')) throw error;
      plan.push({ ...base, factoryName: meta.factory, skip: `unknown factory '${meta.factory}'`, defaultedMode: false });
      continue;
    }
    if (kind !== 'executable') {
      plan.push({ ...base, factoryName: meta.factory, skip: `factory '${meta.factory}' is a ${kind} factory, not executable`, defaultedMode: false });
      continue;
    }
    const mode = factoryMode(settings, meta.factory);
    if (mode === 'pull') plan.push({ ...base, factoryName: meta.factory, skip: `factory_mode:${meta.factory} is pull`, defaultedMode: false });
    else plan.push({ ...base, factoryName: meta.factory, defaultedMode: mode === undefined });
  }
  return plan;
}
