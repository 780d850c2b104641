import type { Me, Message, MyData } from '../../types';
import { call, newRequestId } from './client';

export const userService = {
  me: (): Promise<Me> => call('user', 'me', {}),
  messages: (): Promise<{ messages: Message[]; unread: number }> => call('user', 'messages', {}),
  readMessages: (ids?: string[]): Promise<{ updated: number }> => call('user', 'readMessages', ids ? { ids } : {}, { requestId: newRequestId() }),
  exportMyData: (): Promise<MyData> => call('user', 'exportMyData', {}),
  /** `confirm` is what the person typed; the server refuses anything but 注销. */
  deleteAccount: (confirm: string, requestId: string): Promise<{ deleted: true; cancelledBookings: number; anonymisedBookings: number }> =>
    call('user', 'deleteAccount', { confirm: confirm as '注销' }, { requestId }),
};
