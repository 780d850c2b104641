import { useState } from 'react';
import Taro from '@tarojs/taro';
import type { ManagedBooking } from '../../types';
import { messageFor } from '../services/messages';
import { done } from '../services/dialog';
import { venueService } from '../services/venue';

/** The six digits in what a scanner read: the code itself, or a QR/URL that carries it. */
export function codeFromScan(text: string): string | null {
  // No look-behind: older iOS WeChat engines reject it when parsing the bundle.
  const sixes = (text.match(/\d+/g) ?? []).filter((run) => run.length === 6);
  return sixes.length === 1 ? (sixes[0] ?? null) : null;
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

/** Checks a resident in at `venueId` by the code on their booking; `onDone` runs after a success (e.g. refresh the list). */
export function useManageCheckIn(venueId: string | null, onDone: (booking: ManagedBooking) => void): CheckIn {
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
    if (!venueId || submitting) return;
    if (!/^\d{6}$/.test(digits)) {
      setError('签到码是6位数字，请核对');
      return;
    }
    setSubmitting(true);
    setError(null);
    setSuccess(null);
    try {
      const booking = await venueService.checkInBooking(venueId, digits);
      setCodeState('');
      setSuccess(booking);
      done('签到成功');
      onDone(booking);
    } catch (e) {
      setError(messageFor(e));
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
