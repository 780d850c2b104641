import { useEffect, useRef, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import type { MyShift } from '../../../../../types';
import { clockOf, whenText } from '../../../../../types/date-format';
import { Screen } from '../../../../components/Screen';
import { CodeBoxes } from '../../../../components/volunteer/CodeBoxes';
import { currentLocation, locationProblemText } from '../../../../components/volunteer/location';
import { queryValue } from '../../../../components/booking/params';
import { CallError } from '../../../../services/client';
import { checkInProblem } from '../../../../components/volunteer/problems';
import { ask } from '../../../../services/dialog';
import { messageFor } from '../../../../services/messages';
import { routes } from '../../../../services/routes';
import { hoursText, parseShiftCode, volunteerService, type CheckInResult, type CheckOutResult } from '../../../../services/volunteer';
import '../../../../components/volunteer/volunteer.css';
import './index.css';

type Mode = 'in' | 'out';
type Outcome = { mode: 'in'; result: CheckInResult } | { mode: 'out'; result: CheckOutResult };

/** Finds the shift among the caller's places (upcoming first, then the past 90 days); null when it is not there. */
async function findMyShift(shiftId: string): Promise<MyShift | null> {
  for (const when of ['upcoming', 'past'] as const) {
    const found = (await volunteerService.myShifts(when)).find((s) => s.id === shiftId);
    if (found) return found;
  }
  return null;
}

/**
 * 签到 / 签退 of a service shift: scan the manager's rotating QR code, or type its six digits in big boxes. For a
 * geofenced shift, the phone's location is read once at the moment of sending (after saying why); the server keeps only
 * the distance.
 */
export default function VolunteerCheckinPage() {
  const { params } = useRouter();
  const [shiftId, setShiftId] = useState(queryValue(params.shiftId) ?? '');
  const mode: Mode = params.mode === 'out' ? 'out' : 'in';
  const verb = mode === 'in' ? '签到' : '签退';

  const [shift, setShift] = useState<MyShift | null>(null);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  // Said once per visit: why the location is asked for, before the phone asks.
  const explained = useRef(false);

  useEffect(() => {
    if (!shiftId) return;
    let live = true;
    findMyShift(shiftId).then(
      (s) => live && setShift(s),
      () => undefined, // the header is a courtesy: the code can be sent without it
    );
    return () => {
      live = false;
    };
  }, [shiftId]);

  const locate = async () => {
    if (!explained.current) {
      const ok = await ask({
        title: '需要确认您在服务地点',
        content: `这个班次要在服务地点附近才能${verb}。接下来会请您允许获取一次位置，只用来算您离服务地点有多远，不保存位置。`,
        confirmText: '好的',
        cancelText: '暂不',
      });
      if (!ok) throw new Error('declined');
      explained.current = true;
    }
    return currentLocation();
  };

  const submit = async (digits: string, forShift: string = shiftId) => {
    if (busy) return;
    if (!forShift) return setError('没有找到要签到的班次，请从「我的服务」进入');
    if (!/^\d{6}$/.test(digits)) return setError('请输入站长手机上的6位数字');
    setBusy(true);
    setError(null);
    try {
      const send = async (withLocation: boolean) => {
        const location = withLocation ? await locate() : undefined;
        return mode === 'in'
          ? ({ mode: 'in', result: await volunteerService.checkIn(forShift, digits, location) } as const)
          : ({ mode: 'out', result: await volunteerService.checkOut(forShift, digits, location) } as const);
      };
      const geofenced = shift?.geofenced ?? false;
      let done: Outcome;
      try {
        done = await send(geofenced);
      } catch (e) {
        // The server says a location is needed (the header had not loaded): read it and send once more.
        if (!geofenced && e instanceof CallError && e.code === 'SHIFT.LOCATION_REQUIRED') done = await send(true);
        else throw e;
      }
      setOutcome(done);
    } catch (e) {
      if (e instanceof Error && e.message === 'declined') {
        setError(`没有位置就不能${verb}。准备好了再点一次「确认${verb}」。`);
      } else if (e instanceof CallError) {
        setError(checkInProblem(e, mode));
        if (e.code.startsWith('SHIFT.CODE_')) setCode('');
      } else if (e instanceof Error && e.name === 'LocationError') {
        setError(locationProblemText(e));
      } else {
        setError(messageFor(e));
      }
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
    const read = parseShiftCode(text);
    if (!read) return setError('没有认出签到码，请直接输入站长手机上的6位数字');
    const target = read.shiftId ?? shiftId;
    if (!shiftId && read.shiftId) setShiftId(read.shiftId);
    setCode(read.code);
    await submit(read.code, target);
  };

  if (outcome) {
    return (
      <Screen className='volunteer-checkin'>
        <View className='card checkin-done' role='status'>
          <Text className='checkin-done__mark' aria-hidden>
            ✓
          </Text>
          <Text className='checkin-done__title'>{outcome.mode === 'in' ? '签到成功' : '签退成功'}</Text>
          {shift ? <Text className='checkin-done__line'>{shift.title}</Text> : null}
          {outcome.mode === 'in' ? (
            <>
              <Text className='checkin-done__line'>签到时间 {clockOf(outcome.result.checkedInAt)}</Text>
              {outcome.result.distanceM !== null ? <Text className='checkin-done__line muted'>离服务地点约{outcome.result.distanceM}米</Text> : null}
              <Text className='checkin-done__line muted'>服务结束时，请再用站长手机上的签到码签退，才能记上时长。</Text>
            </>
          ) : (
            <>
              <Text className='checkin-done__line'>签退时间 {clockOf(outcome.result.checkedOutAt)}</Text>
              <Text className='checkin-done__hours'>本次记入{hoursText(outcome.result.hours)}小时</Text>
              <Text className='checkin-done__line'>累计服务{hoursText(outcome.result.totalHours)}小时</Text>
              <Text className='checkin-done__line muted'>辛苦了，谢谢您的服务！</Text>
            </>
          )}
        </View>
        {outcome.mode === 'out' ? (
          <Button className='btn-primary checkin__main' onClick={() => void Taro.redirectTo({ url: routes.myHours })}>
            查看我的时长
          </Button>
        ) : null}
        <Button className={`${outcome.mode === 'in' ? 'btn-primary checkin__main' : 'btn-secondary checkin__more'}`} onClick={() => void Taro.redirectTo({ url: routes.myShifts })}>
          回到我的服务
        </Button>
      </Screen>
    );
  }

  return (
    <Screen className='volunteer-checkin'>
      <View className='card checkin-head'>
        <Text className='checkin-head__verb'>{mode === 'in' ? '到场签到' : '服务结束签退'}</Text>
        {shift ? (
          <>
            <Text className='checkin-head__title'>{shift.title}</Text>
            <Text className='checkin-head__line'>{shift.stationName}</Text>
            <Text className='checkin-head__line nowrap'>{whenText(shift.start, shift.end)}</Text>
            <Text className='checkin-head__line'>地点：{shift.place}</Text>
          </>
        ) : null}
      </View>

      <View className='card checkin-form'>
        <Text className='checkin-form__lead'>请输入站长手机上显示的6位数字</Text>
        <Text className='checkin-form__note muted'>数字每30秒换一次，请看着站长手机输入。</Text>
        <CodeBoxes value={code} onChange={setCode} label={`${verb}码，6位数字`} />
        {shift?.geofenced ? (
          <Text className='checkin-form__note'>
            这个班次要在服务地点{shift.radiusM ? `${shift.radiusM}米` : ''}以内{verb}。点确认后会请您允许获取一次位置，只用来算距离，不保存位置。
          </Text>
        ) : null}
        {error ? (
          <View className='v-error' role='alert'>
            <Text>{error}</Text>
          </View>
        ) : null}
        <Button className={`btn-primary checkin__main ${busy || code.length !== 6 ? 'is-disabled' : ''}`} onClick={() => void submit(code)}>
          {busy ? `正在${verb}…` : `确认${verb}`}
        </Button>
      </View>

      {process.env.TARO_ENV === 'weapp' ? (
        <Button className='btn-secondary checkin__more' onClick={() => void scan()}>
          扫码{verb}
        </Button>
      ) : null}
    </Screen>
  );
}
