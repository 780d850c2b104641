import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { spacedPhone } from './format';
import './manage.css';

/**
 * The booker's full number as a big tap-to-call button. Only manager pages show it: the responsible manager may see the
 * full number (PIPL), everyone else sees it masked.
 */
export function PhoneLink({ phone }: { phone: string | null }) {
  if (!phone) return <Text className='manage-muted'>没有留电话</Text>;
  const call = () => {
    // The user may cancel the system dialog: that is not an error worth showing.
    Taro.makePhoneCall({ phoneNumber: phone }).catch(() => undefined);
  };
  return (
    <View className='manage-phone' role='button' aria-label={`拨打电话 ${phone}`} onClick={call}>
      <Text className='manage-phone__label'>拨打</Text>
      <Text className='manage-phone__number'>{spacedPhone(phone)}</Text>
    </View>
  );
}
