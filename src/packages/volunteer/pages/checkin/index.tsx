import { Text } from '@tarojs/components';
import { Screen } from '../../../../components/Screen';

/** STUB: to be built. */
export default function VolunteerCheckinPage() {
  return (
    <Screen className='volunteer-checkin'>
      <Text>签到签退</Text>
    </Screen>
  );
}
