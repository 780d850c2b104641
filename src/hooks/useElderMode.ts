import { useCallback, useSyncExternalStore } from 'react';
import { elderMode } from '../services/elder';
import { userService } from '../services/user';

const subscribe = (l: () => void) => elderMode.subscribe(l);
const isOn = () => elderMode.isOn();
const chosenYet = () => elderMode.chosen();

/**
 * 长辈版 on or off, shared by every page, and the way to change it: remembered on the device at once and on the
 * person's profile on the server (a failed save keeps the device's choice; the next change or sign-in saves again).
 */
export function useElderMode(): { on: boolean; chosen: boolean; set: (on: boolean) => void } {
  const on = useSyncExternalStore(subscribe, isOn, isOn);
  const chosen = useSyncExternalStore(subscribe, chosenYet, chosenYet);
  const set = useCallback((value: boolean) => {
    elderMode.choose(value);
    userService.setPreferences({ elderMode: value }).catch(() => undefined);
  }, []);
  return { on, chosen, set };
}
