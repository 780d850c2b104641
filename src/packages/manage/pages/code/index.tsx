import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidHide, useDidShow, useRouter } from '@tarojs/taro';
import { useRef } from 'react';
import { QrCode } from '../../../../components/QrCode';
import { StateView } from '../../../../components/StateView';
import { weekdayName } from '../../../../components/manage/format';
import { useManageCode } from '../../../../hooks/useManageCode';
import { Screen } from '../../../../components/Screen';
import './index.css';

/** '2026-11-28' → '2026年11月28日'. */
const fullDate = (date: string): string => date.replace(/^(\d{4})-(\d{2})-(\d{2})$/, (_, y: string, m: string, d: string) => `${y}年${Number(m)}月${Number(d)}日`);

const keepScreenOn = (on: boolean) => {
  // Shown at the door for a while: the phone should not go dark meanwhile (weapp only; H5 has no such API).
  if (process.env.TARO_ENV === 'weapp') Taro.setKeepScreenOn({ keepScreenOn: on }).catch(() => undefined);
};

export default function ManageCodePage() {
  const { params } = useRouter();
  const code = useManageCode(params.venueId);
  const shown = useRef(false);
  useDidShow(() => {
    keepScreenOn(true);
    // The code changes at midnight: coming back to the page shows the current one.
    if (shown.current) code.reload();
    shown.current = true;
  });
  useDidHide(() => keepScreenOn(false));

  const data = code.data;
  return (
    <Screen className='venue-code'>
      <StateView loading={code.loading} error={code.error} empty={!data} emptyText='没有找到这个场地的签到码' onRetry={code.reload}>
        {data ? (
          <View>
            <View className='card venue-code__card'>
              <Text className='venue-code__venue'>{data.venueName}</Text>
              <Text className='venue-code__date'>
                {fullDate(data.date)} {weekdayName(data.date)}
              </Text>
              <Text className='venue-code__label'>今天的场地签到码</Text>
              <View className='venue-code__digits' aria-label={`签到码 ${data.code.split('').join(' ')}`}>
                {data.code.split('').map((digit, i) => (
                  <Text key={i} className='venue-code__digit'>
                    {digit}
                  </Text>
                ))}
              </View>
              <Text className='venue-code__valid'>只在今天有效，明天会换新号码</Text>
              <View className='venue-code__qr'>
                <QrCode value={data.code} size={200} label={`签到码 ${data.code.split('').join(' ')} 的二维码`} />
              </View>
              <Text className='venue-code__qr-hint'>在微信里点「扫码签到」，扫这个二维码也能签到</Text>
            </View>
            <View className='card venue-code__help'>
              <Text className='venue-code__help-title'>怎么用</Text>
              <Text className='venue-code__help-line'>1. 把手机上的这个页面给到场的居民看。</Text>
              <Text className='venue-code__help-line'>2. 居民在「我的预约」里点「我已到场签到」，输入上面的6位数字，或在微信里扫二维码。</Text>
              <Text className='venue-code__help-line'>3. 请不要把签到码发到微信群里，以免没到场的人也能签到。</Text>
            </View>
            <Button className='btn-secondary' onClick={code.reload}>
              刷新
            </Button>
          </View>
        ) : null}
      </StateView>
    </Screen>
  );
}
