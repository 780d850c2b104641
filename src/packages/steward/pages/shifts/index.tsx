import { Text } from '@tarojs/components';
import { Screen } from '../../../../components/Screen';

/** STUB: to be built. */
export default function StewardShiftsPage() {
  return (
    <Screen className='steward-shifts'>
      <Text>服务班次</Text>
    </Screen>
  );
}
