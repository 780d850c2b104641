import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { CodeCounts, RotatingCode } from '../../../../components/RotatingCode';
import { Screen } from '../../../../components/Screen';
import { StateView } from '../../../../components/StateView';
import { phoneToday, shiftDay, timeRange } from '../../../../components/steward/format';
import { queryValue } from '../../../../components/booking/params';
import { useSessionCode } from '../../../../hooks/useAuthor';
import { useCodeScreenShown } from '../../../../hooks/useRotatingCode';
import '../../../../components/steward/steward.css';
import '../../../../components/author/author.css';

/**
 * The organiser's phone, held up for the class to scan or read: a QR code and the six digits, very large, with how many
 * are enrolled, waiting and checked in. The code rotates every 30 seconds and the page fetches the next one by itself;
 * it is the organiser's display for others to read, not a timed interaction for the person holding it.
 */
export default function AuthorSessionCodePage() {
  const { params } = useRouter();
  const sessionId = queryValue(params.sessionId) || undefined;
  const visible = useCodeScreenShown();
  const code = useSessionCode(sessionId, visible);

  const data = code.data;
  return (
    <Screen className='shift-code author-code'>
      <StateView loading={code.loading && !data} error={code.error} empty={!data} emptyText='没有找到这场课的签到码' onRetry={code.reload}>
        {data ? (
          <View>
            <RotatingCode title={`《${data.courseTitle}》`} code={data.code} qr={data.qr}>
              <Text className='shift-code__when'>
                {shiftDay(data.start, phoneToday())} <Text className='nowrap'>{timeRange(data.start, data.end)}</Text>
              </Text>
              <Text className='shift-code__when'>{data.place}</Text>
            </RotatingCode>
            <CodeCounts
              className='author-code__counts'
              counts={[
                { value: `${data.checkedIn}人`, label: '已签到' },
                { value: `${data.enrolled}人`, label: '已报名' },
                { value: `${data.waiting}人`, label: '候补中' },
              ]}
            />
            <View className='card'>
              <Text className='section-title'>怎么用</Text>
              <Text className='roster-head__line'>1. 开课前15分钟到开课后15分钟可以签到。</Text>
              <Text className='roster-head__line'>2. 请学员在「我的课程」里点「签到」，扫上面的二维码或输入6位数字。</Text>
              <Text className='roster-head__line'>3. 号码会自己更换，请不要截图发到群里。</Text>
            </View>
          </View>
        ) : null}
      </StateView>
    </Screen>
  );
}
