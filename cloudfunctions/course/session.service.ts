import type { ActionOutput, ParsedInput } from '../../types';
import type { Caller } from '../_shared/caller';

const notBuilt = (): never => {
  throw new Error('not built yet');
};

/** Offline sessions: scheduling into venues, seats and the waitlist, attendance. */
export class SessionService {
  sessions(_caller: Caller, _courseId: string): Promise<ActionOutput<'course', 'sessions'>> {
    return notBuilt();
  }
  /** The caller's upcoming sessions (for course.mine). */
  upcomingOf(_caller: Caller): Promise<ActionOutput<'course', 'mine'>['upcoming']> {
    return Promise.resolve([]);
  }
  signUp(_caller: Caller, _sessionId: string): Promise<ActionOutput<'course', 'signUp'>> {
    return notBuilt();
  }
  cancel(_caller: Caller, _sessionId: string): Promise<ActionOutput<'course', 'cancel'>> {
    return notBuilt();
  }
  checkIn(_caller: Caller, _input: ParsedInput<'course', 'checkIn'>): Promise<ActionOutput<'course', 'checkIn'>> {
    return notBuilt();
  }
  sessionCode(_caller: Caller, _sessionId: string): Promise<ActionOutput<'course', 'sessionCode'>> {
    return notBuilt();
  }
}
