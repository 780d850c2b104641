import type { ActionOutput, ParsedInput } from '../../types';
import type { Caller } from '../_shared/caller';

const notBuilt = (): never => {
  throw new Error('not built yet');
};

/** The branch's organization-life record, reminders and the .xlsx export. */
export class RecordService {
  branchRecord(_caller: Caller, _input: ParsedInput<'course', 'branchRecord'>): Promise<ActionOutput<'course', 'branchRecord'>> {
    return notBuilt();
  }
  remind(_caller: Caller, _input: ParsedInput<'course', 'remind'>): Promise<ActionOutput<'course', 'remind'>> {
    return notBuilt();
  }
  exportRecord(_caller: Caller, _input: ParsedInput<'course', 'exportRecord'>): Promise<ActionOutput<'course', 'exportRecord'>> {
    return notBuilt();
  }
}
