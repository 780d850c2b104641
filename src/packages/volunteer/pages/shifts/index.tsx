import { Text } from '@tarojs/components';
import { Screen } from '../../../../components/Screen';

/** STUB: to be built. */
export default function VolunteerShiftsPage() {
  return (
    <Screen className='volunteer-shifts'>
      <Text>志愿服务</Text>
    </Screen>
  );
}
