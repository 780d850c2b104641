import { call } from './client';
import type { Me } from '../../types';

export const userService = {
  me: (): Promise<Me> => call('user', 'me', {}),
};
