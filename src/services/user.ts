import type { Me, Message, MyData, SetProfileInput } from '../../types';
import { call, newRequestId } from './client';
import { elderMode } from './elder';

export const userService = {
  /** The profile; its remembered 长辈版 choice is applied on this device too. */
  me: async (): Promise<Me> => {
    const asked = elderMode.version();
    const me = await call('user', 'me', {});
    elderMode.adopt(me.profile.elderMode, asked);
    return me;
  },
  setPreferences: (prefs: { elderMode: boolean }): Promise<{ elderMode: boolean }> => call('user', 'setPreferences', prefs, { requestId: newRequestId() }),
  /** 称呼 and phone (typed, or WeChat's phone-number code exchanged on the server); answers the profile, phone masked. */
  setProfile: (input: SetProfileInput): Promise<Me['profile']> => call('user', 'setProfile', input, { requestId: newRequestId() }),
  messages: (): Promise<{ messages: Message[]; unread: number }> => call('user', 'messages', {}),
  readMessages: (ids?: string[]): Promise<{ updated: number }> => call('user', 'readMessages', ids ? { ids } : {}, { requestId: newRequestId() }),
  exportMyData: (): Promise<MyData> => call('user', 'exportMyData', {}),
  /** `confirm` is what the person typed; the server refuses anything but 注销. */
  deleteAccount: (confirm: string, requestId: string): Promise<{ deleted: true; cancelledBookings: number; anonymisedBookings: number }> =>
    call('user', 'deleteAccount', { confirm: confirm as '注销' }, { requestId }),
};
