import { useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Screen } from '../../../../components/Screen';
import { CheckedIn, CodeCheckin } from '../../../../components/checkin/CodeForm';
import { queryValue } from '../../../../components/booking/params';
import { parseRotatingCode } from '../../../../components/rotating-code';
import { useActivity } from '../../../../hooks/useActivity';
import { activityService } from '../../../../services/activity';
import { CallError } from '../../../../services/client';
import { messageFor } from '../../../../services/messages';
import { routes } from '../../../../services/routes';

/**
 * 活动签到: type the six digits the organiser shows (they change every 30 s), or scan their QR code on the weapp (H5
 * has no scanner). The result says the 红色积分 credited.
 */
export default function ActivityCheckinPage() {
  const { params } = useRouter();
  const [activityId, setActivityId] = useState(queryValue(params.activityId) ?? '');
  const activity = useActivity(activityId).data ?? null; // the header is a courtesy: the code can be sent without it
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<{ checkedInAt: string; points: number } | null>(null);

  const submit = async (digits: string, target: string = activityId) => {
    if (busy) return;
    if (!target) return setError('没有找到要签到的活动，请从「我的活动」进入');
    if (!/^\d{6}$/.test(digits)) return setError('请输入组织者展示的6位数字');
    setBusy(true);
    setError(null);
    try {
      setResult(await activityService.checkIn(target, digits));
    } catch (e) {
      setError(messageFor(e));
      if (e instanceof CallError && e.code === 'ACTIVITY.CODE_WRONG') setCode('');
    } finally {
      setBusy(false);
    }
  };

  const scan = async () => {
    const text = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] }).then(
      (r) => r.result,
      () => null, // the camera was closed: nothing to say
    );
    if (text === null) return;
    const read = parseRotatingCode(text, 'activity');
    if (!read) return setError('没有认出签到码，请直接输入组织者展示的6位数字');
    const target = read.id ?? activityId;
    if (target !== activityId) setActivityId(target);
    setCode(read.code);
    await submit(read.code, target);
  };

  return (
    <Screen className='activity-checkin'>
      {result ? (
        <CheckedIn title={activity?.title ?? null} checkedInAt={result.checkedInAt} points={result.points} thanks='谢谢您来参加！' back={{ label: '回到我的活动', url: routes.myActivities }} />
      ) : (
        <CodeCheckin
          what={activity ? { title: activity.title, start: activity.start, end: activity.end, place: activity.placeName } : null}
          lead='请输入组织者展示的6位数字'
          note='数字每30秒换一次，请看着最新的数字输入。活动开始前30分钟到活动结束都可以签到。'
          code={code}
          onCode={setCode}
          error={error}
          busy={busy}
          onSubmit={() => void submit(code)}
          onScan={() => void scan()}
        />
      )}
    </Screen>
  );
}
