import { Text } from '@tarojs/components';
import { Screen } from '../../../../components/Screen';

/** STUB: to be built. */
export default function StationDetailPage() {
  return (
    <Screen className='station-detail'>
      <Text>红帆站</Text>
    </Screen>
  );
}
