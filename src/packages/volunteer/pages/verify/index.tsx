import { Text } from '@tarojs/components';
import { Screen } from '../../../../components/Screen';

/** STUB: to be built. */
export default function VolunteerVerifyPage() {
  return (
    <Screen className='volunteer-verify'>
      <Text>查验证明</Text>
    </Screen>
  );
}
