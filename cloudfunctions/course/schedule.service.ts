import type { ActionOutput, ParsedInput } from '../../types';
import type { Caller } from '../_shared/caller';

const notBuilt = (): never => {
  throw new Error('not built yet');
};

/** Scheduling sessions (into catalogue venues through the venue booking engine) and cancelling them. */
export class ScheduleService {
  schedule(_caller: Caller, _input: ParsedInput<'course', 'schedule'>, _requestId: string | undefined): Promise<ActionOutput<'course', 'schedule'>> {
    return notBuilt();
  }
  cancelSession(_caller: Caller, _input: ParsedInput<'course', 'cancelSession'>): Promise<ActionOutput<'course', 'cancelSession'>> {
    return notBuilt();
  }
}
