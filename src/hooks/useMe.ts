import { userService } from '../services/user';
import { useRequest } from './useRequest';

export const useMe = () => useRequest(() => userService.me(), []);
