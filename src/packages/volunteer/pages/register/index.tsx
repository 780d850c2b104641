import { Text } from '@tarojs/components';
import { Screen } from '../../../../components/Screen';

/** STUB: to be built. */
export default function VolunteerRegisterPage() {
  return (
    <Screen className='volunteer-register'>
      <Text>注册志愿者</Text>
    </Screen>
  );
}
