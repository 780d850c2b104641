import { Text } from '@tarojs/components';
import { Screen } from '../../../../components/Screen';

/** 党组织 (placeholder: being built for issue #13). */
export default function OrgPartyPage() {
  return (
    <Screen>
      <Text>党组织</Text>
    </Screen>
  );
}
