import { Text } from '@tarojs/components';
import { Screen } from '../../../../components/Screen';

/** STUB: to be built. */
export default function VolunteerMinePage() {
  return (
    <Screen className='volunteer-mine'>
      <Text>我的服务</Text>
    </Screen>
  );
}
