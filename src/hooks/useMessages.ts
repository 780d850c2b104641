import { userService } from '../services/user';
import { useRequest } from './useRequest';

/** 我的消息, newest first, with the unread count. */
export const useMessages = () => useRequest(() => userService.messages(), []);
