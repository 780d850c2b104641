import { useEffect, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import type { Session } from '../../../../../types';
import { Screen } from '../../../../components/Screen';
import { CheckedIn, CodeCheckin } from '../../../../components/checkin/CodeForm';
import { queryValue } from '../../../../components/booking/params';
import { parseSessionCode } from '../../../../components/course/session-code';
import { CallError } from '../../../../services/client';
import { courseService } from '../../../../services/course';
import { messageFor } from '../../../../services/messages';
import { routes } from '../../../../services/routes';
import '../../../../components/volunteer/volunteer.css';
import '../../../../components/course/course.css';

type Result = { checkedInAt: string; points: number };

/**
 * 上课签到: type the six digits the organiser shows (they change every 30 s), or scan their QR code on the weapp
 * (H5 has no scanner: typing only). The result says the points credited.
 */
export default function SessionCheckinPage() {
  const { params } = useRouter();
  const [sessionId, setSessionId] = useState(queryValue(params.sessionId) ?? '');
  const [session, setSession] = useState<Session | null>(null);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<Result | null>(null);

  useEffect(() => {
    if (!sessionId) return;
    let live = true;
    courseService.mine().then(
      (m) => live && setSession(m.upcoming.find((s) => s.id === sessionId) ?? null),
      () => undefined, // the header is a courtesy: the code can be sent without it
    );
    return () => {
      live = false;
    };
  }, [sessionId]);

  const submit = async (digits: string, forSession: string = sessionId) => {
    if (busy) return;
    if (!forSession) return setError('没有找到要签到的课，请从「我的课程」进入');
    if (!/^\d{6}$/.test(digits)) return setError('请输入组织者展示的6位数字');
    setBusy(true);
    setError(null);
    try {
      const r = await courseService.checkIn(forSession, digits);
      setResult({ checkedInAt: r.checkedInAt, points: r.points });
    } catch (e) {
      setError(messageFor(e));
      if (e instanceof CallError && e.code === 'COURSE.CODE_WRONG') setCode('');
    } finally {
      setBusy(false);
    }
  };

  const scan = async () => {
    let text: string;
    try {
      text = (await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] })).result;
    } catch {
      return; // closed the camera: nothing to say
    }
    const read = parseSessionCode(text);
    if (!read) return setError('没有认出签到码，请直接输入组织者展示的6位数字');
    const target = read.sessionId ?? sessionId;
    if (read.sessionId && read.sessionId !== sessionId) setSessionId(read.sessionId);
    setCode(read.code);
    await submit(read.code, target);
  };

  if (result) {
    return (
      <Screen className='session-checkin'>
        <CheckedIn title={session?.courseTitle ?? null} checkedInAt={result.checkedInAt} points={result.points} thanks='这次上课已经记下了，谢谢您按时来学习！' back={{ label: '回到我的课程', url: routes.myCourses }} />
      </Screen>
    );
  }

  return (
    <Screen className='session-checkin'>
      <CodeCheckin
        what={session ? { title: session.courseTitle, start: session.start, end: session.end, place: session.place } : null}
        lead='请输入组织者展示的6位数字'
        note='数字每30秒换一次，请看着最新的数字输入。开课前15分钟到开课后15分钟可以签到。'
        code={code}
        onCode={setCode}
        error={error}
        busy={busy}
        onSubmit={() => void submit(code)}
        onScan={() => void scan()}
      />
    </Screen>
  );
}
