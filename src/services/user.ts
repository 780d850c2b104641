import type { Me, Message } from '../../types';
import { call, newRequestId } from './client';

export const userService = {
  me: (): Promise<Me> => call('user', 'me', {}),
  messages: (): Promise<{ messages: Message[]; unread: number }> => call('user', 'messages', {}),
  readMessages: (ids?: string[]): Promise<{ updated: number }> => call('user', 'readMessages', ids ? { ids } : {}, { requestId: newRequestId() }),
};
