import { Text } from '@tarojs/components';
import { Screen } from '../../../../components/Screen';

/** STUB: to be built. */
export default function StewardShiftNewPage() {
  return (
    <Screen className='steward-shift-new'>
      <Text>发布班次</Text>
    </Screen>
  );
}
