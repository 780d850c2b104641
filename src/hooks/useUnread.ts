import { userService } from '../services/user';
import { useRequest } from './useRequest';

export const useUnread = () => useRequest(async () => (await userService.messages()).unread, []);
