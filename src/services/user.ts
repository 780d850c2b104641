import type { Me, Message, MyData } from '../../types';
import { call, newRequestId } from './client';

export const userService = {
  me: (): Promise<Me> => call('user', 'me', {}),
  messages: (): Promise<{ messages: Message[]; unread: number }> => call('user', 'messages', {}),
  readMessages: (ids?: string[]): Promise<{ updated: number }> => call('user', 'readMessages', ids ? { ids } : {}, { requestId: newRequestId() }),
  exportMyData: (): Promise<MyData> => call('user', 'exportMyData', {}),
  deleteAccount: (requestId: string): Promise<{ deleted: true; cancelledBookings: number; anonymisedBookings: number }> =>
    call('user', 'deleteAccount', { confirm: '注销' }, { requestId }),
};
