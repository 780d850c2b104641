import type { ActionOutput, ParsedInput } from '../../types';
import type { Caller } from '../_shared/caller';
import type { RuntimeDeps } from '../_shared/runtime';

const notBuilt = (): never => {
  throw new Error('not built yet');
};

/** The dashboard and its tables, answered from rollups (_shared/rollups.ts). */
export class DashboardService {
  constructor(readonly deps: RuntimeDeps) {}

  dashboard(_caller: Caller, _input: ParsedInput<'admin', 'dashboard'>): Promise<ActionOutput<'admin', 'dashboard'>> {
    return notBuilt();
  }
  exportTable(_caller: Caller, _input: ParsedInput<'admin', 'exportTable'>): Promise<ActionOutput<'admin', 'exportTable'>> {
    return notBuilt();
  }
}
