import { Text } from '@tarojs/components';
import { Screen } from '../../../../components/Screen';

/** STUB: to be built. */
export default function StewardCodePage() {
  return (
    <Screen className='steward-code'>
      <Text>班次签到码</Text>
    </Screen>
  );
}
