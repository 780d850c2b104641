import { useState } from 'react';
import Taro from '@tarojs/taro';
import type { ManagedBooking } from '../../types';
import { clockOf, dateOf, monthDayText, relativeDay, timeRange } from '../../types/date-format';
import { CallError } from '../services/client';
import { messageFor } from '../services/messages';
import { done } from '../services/dialog';
import { venueService } from '../services/venue';

/** The six digits in what a scanner read: the code itself, or a QR/URL that carries it. */
export function codeFromScan(text: string): string | null {
  // No look-behind: older iOS WeChat engines reject it when parsing the bundle.
  const sixes = (text.match(/\d+/g) ?? []).filter((run) => run.length === 6);
  return sixes.length === 1 ? (sixes[0] ?? null) : null;
}

/**
 * What a code the manager typed is, when it cannot be checked in now: '这是明天 09:30–10:30 创益园排练室的预约（王阿姨），
 * 还不能签到。' The server finds the booking among the manager's own rooms only, and says which one it is.
 */
export function describeCodeError(e: unknown, now: number = Date.now()): string {
  const d = e instanceof CallError ? e.details : undefined;
  if (!(e instanceof CallError) || !d?.start || !d.end || !d.venueName) return messageFor(e);
  const today = dateOf(now);
  const day = relativeDay(dateOf(d.start), today) || monthDayText(dateOf(d.start));
  const what = `这是${day} ${timeRange(d.start, d.end)} ${d.venueName}的预约（${d.bookerName ?? '居民'}）`;
  if (e.code === 'VENUE.BOOKING_STATE') {
    const state: Record<string, string> = {
      checked_in: '已经签到过了',
      completed: '已经用完了',
      released: '开始后15分钟内没有签到，已经释放',
      pending: '还在等待审核，通过后才能签到',
    };
    return `${what}，${state[d.state ?? ''] ?? '现在不能签到'}。`;
  }
  if (e.code === 'VENUE.CHECKIN_CLOSED') {
    if (d.closesAt && Date.parse(d.closesAt) < now) return `${what}，签到时间已经过了。`;
    const opens = d.opensAt ? `，${dateOf(d.opensAt) === today ? '' : day}${clockOf(d.opensAt)}起可以签到` : '';
    return `${what}，还不能签到${opens}。`;
  }
  return messageFor(e);
}

export interface CheckIn {
  code: string;
  setCode: (code: string) => void;
  submitting: boolean;
  error: string | null;
  /** The booking just checked in, shown until the next code is typed. */
  success: ManagedBooking | null;
  submit: () => void;
  /** Only where the phone can scan (weapp). */
  scan: (() => void) | undefined;
}

/**
 * Checks a resident in by the code on their booking, at whichever of my rooms it is for (the server looks across all of
 * them); `enabled` once the page knows I manage a room. `onDone` runs after a success (e.g. refresh the list).
 */
export function useManageCheckIn(enabled: boolean, onDone: (booking: ManagedBooking) => void): CheckIn {
  const [code, setCodeState] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [success, setSuccess] = useState<ManagedBooking | null>(null);

  const setCode = (next: string) => {
    setCodeState(next);
    setError(null);
    if (next) setSuccess(null);
  };

  const checkIn = async (digits: string) => {
    if (!enabled || submitting) return;
    if (!/^\d{6}$/.test(digits)) {
      setError('签到码是6位数字，请核对');
      return;
    }
    setSubmitting(true);
    setError(null);
    setSuccess(null);
    try {
      const booking = await venueService.checkInBooking(null, digits);
      setCodeState('');
      setSuccess(booking);
      done('签到成功');
      onDone(booking);
    } catch (e) {
      setError(describeCodeError(e));
    } finally {
      setSubmitting(false);
    }
  };

  const scan =
    process.env.TARO_ENV === 'weapp'
      ? () => {
          Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode', 'barCode'] }).then(
            (res) => {
              const digits = codeFromScan(res.result);
              if (!digits) {
                setError('没有认出签到码，请直接输入6位数字');
                return;
              }
              setCodeState(digits);
              void checkIn(digits);
            },
            // Closing the scanner is not an error.
            () => undefined,
          );
        }
      : undefined;

  return { code, setCode, submitting, error, success, submit: () => void checkIn(code), scan };
}
