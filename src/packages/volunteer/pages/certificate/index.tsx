import { Text } from '@tarojs/components';
import { Screen } from '../../../../components/Screen';

/** STUB: to be built. */
export default function VolunteerCertificatePage() {
  return (
    <Screen className='volunteer-certificate'>
      <Text>服务证明</Text>
    </Screen>
  );
}
