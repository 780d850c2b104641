import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { clockOf, whenText } from '../../../types/date-format';
import { CodeBoxes } from '../volunteer/CodeBoxes';
import '../volunteer/volunteer.css';
import './checkin.css';

interface FormProps {
  /** What to type, e.g. 请输入组织者展示的6位数字. */
  lead: string;
  /** When the code changes and when check-in is open. */
  note: string;
  code: string;
  onCode: (digits: string) => void;
  error: string | null;
  busy: boolean;
  onSubmit: () => void;
}

/** Typing the organiser's rotating six digits (上课签到, 活动签到): the boxes, the refusal in words, one big button. */
export function CodeForm({ lead, note, code, onCode, error, busy, onSubmit }: FormProps) {
  return (
    <View className='card'>
      <Text className='code-form__lead'>{lead}</Text>
      <Text className='code-form__note muted'>{note}</Text>
      <CodeBoxes value={code} onChange={onCode} label='签到码，6位数字' />
      {error ? (
        <View className='v-error' role='alert'>
          <Text>{error}</Text>
        </View>
      ) : null}
      <Button className={`btn-primary code-form__main ${busy || code.length !== 6 ? 'is-disabled' : ''}`} onClick={onSubmit}>
        {busy ? '正在签到…' : '确认签到'}
      </Button>
    </View>
  );
}

interface CheckinProps extends FormProps {
  /** What one checks in to (null while it is being read: the code can be sent without it). */
  what: { title: string; start: string; end: string; place: string } | null;
  /** The weapp's scanner (H5 has none: typing only). */
  onScan: () => void;
}

/** The whole check-in screen before the result: 到场签到 with what, when and where; the code form; 扫码签到 on the weapp. */
export function CodeCheckin({ what, onScan, ...form }: CheckinProps) {
  return (
    <>
      <View className='card'>
        <Text className='checkin-head__verb'>到场签到</Text>
        {what ? (
          <>
            <Text className='checkin-head__title'>{what.title}</Text>
            <Text className='checkin-head__line nowrap'>{whenText(what.start, what.end)}</Text>
            <Text className='checkin-head__line'>地点：{what.place}</Text>
          </>
        ) : null}
      </View>
      <CodeForm {...form} />
      {process.env.TARO_ENV === 'weapp' ? (
        <Button className='btn-secondary checkin-scan' onClick={onScan}>
          扫码签到
        </Button>
      ) : null}
    </>
  );
}

/** 签到成功: what, when, the 红色积分 credited and a word of thanks; then the way back (e.g. 回到我的活动). */
export function CheckedIn({ title, checkedInAt, points, thanks, back }: { title: string | null; checkedInAt: string; points: number; thanks: string; back: { label: string; url: string } }) {
  return (
    <>
      <View className='card checked-in' role='status'>
        <Text className='checked-in__mark' aria-hidden>
          ✓
        </Text>
        <Text className='checked-in__title'>签到成功</Text>
        {title ? <Text className='checked-in__line'>{title}</Text> : null}
        <Text className='checked-in__line'>签到时间 {clockOf(checkedInAt)}</Text>
        {points > 0 ? <Text className='checked-in__points'>记入{points}红色积分</Text> : null}
        <Text className='checked-in__line muted'>{thanks}</Text>
      </View>
      <Button className='btn-primary code-form__main' onClick={() => void Taro.redirectTo({ url: back.url })}>
        {back.label}
      </Button>
    </>
  );
}
