import { Text } from '@tarojs/components';
import { Screen } from '../../../../components/Screen';

/** STUB: to be built. */
export default function VolunteerHoursPage() {
  return (
    <Screen className='volunteer-hours'>
      <Text>我的时长</Text>
    </Screen>
  );
}
