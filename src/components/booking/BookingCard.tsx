import { useRef, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import type { Booking } from '../../../types/venue';
import { newRequestId } from '../../services/client';
import { messageFor } from '../../services/messages';
import { venueService } from '../../services/venue';
import { QrCode } from '../QrCode';
import { addToCalendar } from './calendar';
import { CheckInCode } from './CheckInCode';
import { dateOf, longDate, shortDateTime, timeRange, whenText } from './format';
import { StateBadge } from '../StateBadge';
import { ask, done, tell } from '../../services/dialog';
import './booking.css';

interface Props {
  booking: Booking;
  /** The booking changed on the server (cancelled, checked in): reload the list. */
  onChanged: () => void;
  onCheckIn: (b: Booking) => void;
}

/** One of 我的预约: where and when, its state in words, the check-in code, and what can be done with it now. */
export function BookingCard({ booking: b, onChanged, onCheckIn }: Props) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // The digits are what most people use; the QR code is there for a manager who prefers to scan.
  const [showQr, setShowQr] = useState(false);
  // One id per cancel intent: tapping again after a lost reply cancels once.
  const cancelRequest = useRef<string | null>(null);
  const canCancel = (b.state === 'pending' || b.state === 'confirmed') && Date.parse(b.start) > Date.now();
  // Check-in happens at the venue on the day; before that the button would only lead to an error.
  const onTheDay = dateOf(b.start) === dateOf(new Date().toISOString());

  const cancel = async () => {
    if (busy) return;
    const free = b.state === 'pending' || Date.now() < Date.parse(b.freeCancelUntil);
    const confirm = await ask({
      danger: !free,
      title: '取消这个预约？',
      content: free
        ? `${whenText(b.start, b.end)}\n现在取消不算爽约，不影响以后预约。`
        : `离开始已不到2小时，现在取消会记爽约1次（60天内爽约3次，暂停预约30天）。`,
      confirmText: '确定取消',
      cancelText: '不取消',
    });
    if (!confirm) return;
    setBusy(true);
    setError(null);
    cancelRequest.current ??= newRequestId();
    try {
      const res = await venueService.cancel(b.id, cancelRequest.current);
      if (res.penalised) {
        await tell('已取消', '开始前2小时内取消，记爽约1次。');
      } else {
        done('已取消预约');
      }
      onChanged();
    } catch (e) {
      setError(messageFor(e));
    } finally {
      setBusy(false);
    }
  };

  const calendar = async () => {
    const said = await addToCalendar(b);
    done(said, { failed: true });
  };

  return (
    <View className={`card booking-card booking-card--${b.state}`} data-booking={b.id}>
      <View className='booking-card__head'>
        <Text className='booking-card__venue'>{b.venueName}</Text>
        <StateBadge state={b.state} />
      </View>
      <Text className='booking-card__when'>
        {longDate(dateOf(b.start))} <Text className='nowrap'>{timeRange(b.start, b.end)}</Text>
      </Text>
      <Text className='booking-card__line muted'>{b.venueAddress}</Text>
      <Text className='booking-card__line'>
        用途：{b.purpose} · {b.attendees}人
      </Text>
      {b.orgName ? <Text className='booking-card__line'>以组织名义：{b.orgName}</Text> : null}

      {b.state === 'pending' ? (
        <Text className='booking-card__note'>
          等待管理员审核{b.expiresAt ? `，${shortDateTime(b.expiresAt)}前未审核将自动失效` : ''}。审核结果会发到「我的消息」。
        </Text>
      ) : null}
      {b.state === 'rejected' && b.rejectReason ? <Text className='booking-card__note booking-card__note--bad'>未通过原因：{b.rejectReason}</Text> : null}
      {b.state === 'released' ? <Text className='booking-card__note'>开始后15分钟内没有签到，场地已释放。</Text> : null}
      {b.state === 'expired' ? <Text className='booking-card__note'>审核期内没有处理，预约已自动失效。</Text> : null}
      {b.state === 'checked_in' ? <Text className='booking-card__note'>已签到，祝活动顺利！</Text> : null}

      {b.state === 'confirmed' && b.checkInCode ? (
        <CheckInCode code={b.checkInCode}>
          <Text className='checkin-code__window'>签到时间：<Text className='nowrap'>{timeRange(b.checkInOpensAt, b.checkInClosesAt)}</Text></Text>
          {showQr ? (
            <View className='checkin-code__qr'>
              <QrCode value={b.checkInCode} size={180} label={`签到码 ${b.checkInCode.split('').join(' ')} 的二维码`} />
              <Text className='checkin-code__hint'>管理员也可以扫这个二维码签到</Text>
            </View>
          ) : null}
          <Button className='btn-secondary checkin-code__toggle' onClick={() => setShowQr(!showQr)}>
            {showQr ? '收起二维码' : '显示二维码'}
          </Button>
        </CheckInCode>
      ) : null}

      {error ? (
        <View className='form-error' role='alert'>
          <Text>{error}</Text>
        </View>
      ) : null}

      {b.state === 'confirmed' || b.state === 'pending' ? (
        <View className='booking-card__actions'>
          {b.state === 'confirmed' && onTheDay ? (
            <Button className='btn-primary' onClick={() => onCheckIn(b)}>
              我已到场签到
            </Button>
          ) : null}
          <View className='button-pair'>
            <Button className='btn-secondary' onClick={() => void calendar()}>
              添加到日历
            </Button>
            {canCancel ? (
              <Button className={`btn-secondary ${busy ? 'is-disabled' : ''}`} onClick={() => void cancel()}>
                {busy ? '正在取消…' : '取消预约'}
              </Button>
            ) : null}
          </View>
        </View>
      ) : null}
    </View>
  );
}
