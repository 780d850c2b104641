import { Text } from '@tarojs/components';
import { Screen } from '../../../../components/Screen';

/** STUB: to be built. */
export default function StationPostPage() {
  return (
    <Screen className='station-post'>
      <Text>发布通知</Text>
    </Screen>
  );
}
