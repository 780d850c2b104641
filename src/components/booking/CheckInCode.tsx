import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';

/** The booking's 6-digit check-in code, large, with what to do with it; `children` adds lines below. */
export function CheckInCode({ code, children }: { code: string; children?: ReactNode }) {
  return (
    <View className='checkin-code'>
      <Text className='checkin-code__label'>签到码</Text>
      <Text className='checkin-code__digits' aria-label={`签到码 ${code.split('').join(' ')}`}>
        {code}
      </Text>
      <Text className='checkin-code__hint'>到场后把签到码报给管理员</Text>
      {children}
    </View>
  );
}
