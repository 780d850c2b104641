import { Text } from '@tarojs/components';
import { Screen } from '../../../../components/Screen';

/** STUB: to be built. */
export default function StewardGrantPage() {
  return (
    <Screen className='steward-grant'>
      <Text>登记时长</Text>
    </Screen>
  );
}
