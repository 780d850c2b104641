import type { ActionOutput, ParsedInput } from '../../types';
import type { Caller } from '../_shared/caller';

const notBuilt = (): never => {
  throw new Error('not built yet');
};

/** The course editor: drafts with their question banks (answers included: authors only) and saving them. */
export class AuthoringService {
  draft(_caller: Caller, _courseId: string): Promise<ActionOutput<'course', 'draft'>> {
    return notBuilt();
  }
  save(_caller: Caller, _input: ParsedInput<'course', 'save'>): Promise<ActionOutput<'course', 'save'>> {
    return notBuilt();
  }
}
