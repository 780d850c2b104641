import { useEffect, useState } from 'react';
import { Button, Input, Text, Textarea, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import type { Booking, BookInput } from '../../../../../types/venue';
import { addToCalendar } from '../../../../components/booking/calendar';
import { CheckInCode } from '../../../../components/booking/CheckInCode';
import { dateOf, durationText, longDate, shortDateTime, timeRange } from '../../../../components/booking/format';
import { OrgSheet, PERSONAL_LABEL } from '../../../../components/booking/OrgSheet';
import { goBack, queryValue } from '../../../../components/booking/params';
import { Stepper } from '../../../../components/booking/Stepper';
import { askForBookingNotices } from '../../../../components/booking/subscribe';
import { StateView } from '../../../../components/StateView';
import { useMe } from '../../../../hooks/useMe';
import { useVenue } from '../../../../hooks/useVenue';
import { CallError, newRequestId } from '../../../../services/client';
import { messageFor } from '../../../../services/messages';
import { routes } from '../../../../services/routes';
import { venueService } from '../../../../services/venue';
import '../../../../components/booking/booking.css';
import { Screen } from '../../../../components/Screen';
import { done } from '../../../../services/dialog';
import './index.css';

type Field = 'purpose' | 'attendees' | 'phone';
type FieldErrors = Partial<Record<Field, string>>;

/** What to offer next to a failed submission. */
type Way = 'reselect' | 'mine' | null;

/** Problems with the chosen time: the fix is to choose again on the venue page. */
const SLOT_PROBLEMS = ['VENUE.SLOT_TAKEN', 'VENUE.OUTSIDE_WINDOW', 'VENUE.OUTSIDE_HOURS', 'VENUE.BLACKOUT', 'VENUE.NOT_ADJACENT', 'VENUE.TOO_MANY_SLOTS'];

function startsFrom(raw: string | undefined): string[] {
  const list = (raw ?? '').split(',').filter(Boolean);
  return list.every((s) => !Number.isNaN(Date.parse(s))) ? [...list].sort((a, b) => Date.parse(a) - Date.parse(b)) : [];
}

export default function BookPage() {
  const { params } = useRouter();
  const venueId = queryValue(params.venueId);
  const starts = startsFrom(queryValue(params.starts));
  const venueReq = useVenue(venueId);
  const venue = venueReq.data?.venue;
  const organizations = venueReq.data?.organizations ?? [];
  // A phone is needed once: on the profile or on this form (the server refuses a booking with neither).
  const meReq = useMe();
  const registeredPhone = meReq.data?.profile.phoneMasked ?? null;
  const phoneRequired = !!meReq.data && registeredPhone === null;
  // One id for this booking intent, made when the page opens: a retry after a lost reply books once, not twice.
  const [requestId] = useState(newRequestId);

  const [purpose, setPurpose] = useState('');
  const [attendees, setAttendees] = useState<number | null>(1);
  const [phone, setPhone] = useState('');
  const [orgId, setOrgId] = useState<string | null>(null);
  const [choosingOrg, setChoosingOrg] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<{ message: string; way: Way } | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Booking | null>(null);
  // The title says what the page shows now. (Taro's H5 title bar remembers a title per page path, so a second
  // booking would otherwise open its form under the last one's 预约结果.)
  useEffect(() => {
    void Taro.setNavigationBarTitle({ title: result ? '预约结果' : '填写预约' });
  }, [result]);

  const first = starts[0];
  const last = starts[starts.length - 1];
  const endIso = venue && last ? new Date(Date.parse(last) + venue.slotMinutes * 60_000).toISOString() : undefined;
  const org = organizations.find((o) => o.id === orgId);
  const needsApproval = !!venue && (venue.needsApproval || !!org);

  const validate = (): FieldErrors => {
    const errs: FieldErrors = {};
    const p = purpose.trim();
    if (p.length < 2) errs.purpose = '请简单写一下用途（至少2个字）';
    else if (p.length > 100) errs.purpose = '用途请不超过100字';
    if (attendees === null || attendees < 1) errs.attendees = '请填写人数（至少1人）';
    else if (venue && attendees > venue.capacity) errs.attendees = `这个场地最多容纳${venue.capacity}人`;
    const ph = phone.replace(/[\s-]/g, '');
    if (!ph && phoneRequired) errs.phone = '请填写11位手机号，方便管理员联系您';
    else if (ph && !/^1[3-9]\d{9}$/.test(ph)) errs.phone = phoneRequired ? '请填写11位手机号' : '请填写11位手机号，或者不填';
    return errs;
  };

  const fail = (e: unknown) => {
    const code = e instanceof CallError ? e.code : 'UNAVAILABLE';
    if (e instanceof CallError && code === 'INPUT.INVALID' && e.fields) {
      const mine: FieldErrors = {};
      for (const [path, message] of Object.entries(e.fields)) {
        const key = path.split('.')[0];
        if (key === 'purpose' || key === 'attendees' || key === 'phone') mine[key] = message;
      }
      if (Object.keys(mine).length > 0) {
        setFieldErrors(mine);
        setFormError({ message: '有几项需要修改，请看红字提示', way: null });
        return;
      }
    }
    if (code === 'VENUE.PHONE_REQUIRED') {
      setFieldErrors({ phone: '请填写11位手机号，方便管理员联系您' });
      setFormError({ message: messageFor(e), way: null });
      return;
    }
    if (code === 'VENUE.OVER_CAPACITY' && venue) {
      setFieldErrors({ attendees: `这个场地最多容纳${venue.capacity}人` });
      setFormError({ message: messageFor(e), way: null });
      return;
    }
    if (code === 'IDEMPOTENCY.KEY_REUSED') {
      setFormError({ message: '您刚才的预约可能已经提交成功了，请到「我的预约」里看一看', way: 'mine' });
      return;
    }
    if (code === 'VENUE.QUOTA_EXCEEDED') return setFormError({ message: messageFor(e), way: 'mine' });
    setFormError({ message: messageFor(e), way: SLOT_PROBLEMS.includes(code) ? 'reselect' : null });
  };

  const submit = async () => {
    if (busy || !venueId || !venue) return;
    const errs = validate();
    setFieldErrors(errs);
    if (Object.keys(errs).length > 0) {
      setFormError({ message: '有几项需要修改，请看红字提示', way: null });
      return;
    }
    setFormError(null);
    // Inside the tap, before any await (WeChat requires it); the booking never waits for the answer.
    askForBookingNotices();
    setBusy(true);
    const ph = phone.replace(/[\s-]/g, '');
    const input: BookInput = {
      venueId,
      starts,
      purpose: purpose.trim(),
      attendees: attendees ?? 1,
      ...(ph ? { phone: ph } : {}),
      ...(org ? { orgId: org.id } : {}),
    };
    try {
      const booking = await venueService.book(input, requestId);
      setResult(booking);
      void Taro.pageScrollTo({ scrollTop: 0, duration: 0 });
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  if (result) return <BookingResult booking={result} venueId={venueId ?? result.venueId} />;

  const noSlots = starts.length === 0 || !first || !last;
  return (
    <Screen className='book'>
      {noSlots ? (
        <View className='state state--error'>
          <Text className='state__text'>还没有选好时段，请回到场地页面选择</Text>
          <Button className='btn-primary state__button' onClick={() => goBack(routes.venueDetail(venueId ?? ''))}>
            去选择时段
          </Button>
        </View>
      ) : (
        <StateView loading={venueReq.loading} error={venueReq.error} empty={!venue} emptyText='没有找到这个场地' onRetry={venueReq.reload}>
          {venue && endIso ? (
            <>
              <View className='card book__summary'>
                <Text className='book__venue'>{venue.name}</Text>
                <Text className='book__line muted'>{venue.address}</Text>
                <Text className='book__when'>{longDate(dateOf(first))}</Text>
                <Text className='book__when'>
                  <Text className='nowrap'>{timeRange(first, endIso)}</Text>（共{durationText(first, endIso)}）
                </Text>
              </View>

              <View className={`card book__form ${busy ? 'book__form--busy' : ''}`}>
                <View className={fieldErrors.purpose ? 'field field--bad' : 'field'}>
                  <Text className='field__label'>用途</Text>
                  <Textarea
                    className='field__textarea'
                    value={purpose}
                    maxlength={100}
                    placeholder='例如：畅响艺术团合唱排练'
                    aria-label='用途'
                    onInput={(e) => {
                      setPurpose(e.detail.value);
                      if (fieldErrors.purpose) setFieldErrors({ ...fieldErrors, purpose: undefined });
                    }}
                  />
                  <Text className='field__hint'>写清楚做什么，2–100字（已写{purpose.trim().length}字）</Text>
                  {fieldErrors.purpose ? <View className='field__error' role='alert'><Text>{fieldErrors.purpose}</Text></View> : null}
                </View>

                <View className={fieldErrors.attendees ? 'field field--bad' : 'field'}>
                  <Text className='field__label'>人数</Text>
                  <Stepper
                    value={attendees}
                    min={1}
                    max={venue.capacity}
                    label='人数'
                    onChange={(v) => {
                      setAttendees(v);
                      if (fieldErrors.attendees) setFieldErrors({ ...fieldErrors, attendees: undefined });
                    }}
                  />
                  {fieldErrors.attendees ? (
                    <View className='field__error' role='alert'>
                      <Text>{fieldErrors.attendees}</Text>
                    </View>
                  ) : (
                    <Text className='field__hint'>这个场地最多容纳{venue.capacity}人</Text>
                  )}
                </View>

                <View className={fieldErrors.phone ? 'field field--bad' : 'field'}>
                  <Text className='field__label'>{phoneRequired ? '联系电话（必填）' : '联系电话（可不填）'}</Text>
                  <Input
                    className='field__input'
                    type='number'
                    maxlength={11}
                    value={phone}
                    placeholder='11位手机号'
                    aria-label='联系电话'
                    onInput={(e) => {
                      setPhone(e.detail.value);
                      if (fieldErrors.phone) setFieldErrors({ ...fieldErrors, phone: undefined });
                    }}
                  />
                  <Text className='field__hint'>
                    {phoneRequired ? '您还没有登记手机号，请填一个，方便管理员联系您' : registeredPhone ? `不填则使用您登记的手机号 ${registeredPhone}` : '不填则使用您登记的手机号'}
                  </Text>
                  {fieldErrors.phone ? <View className='field__error' role='alert'><Text>{fieldErrors.phone}</Text></View> : null}
                </View>

                {organizations.length > 0 ? (
                  <View className='field'>
                    <Text className='field__label'>以组织名义预约（可不选）</Text>
                    <View className='picker-field' role='button' aria-label={`以组织名义预约：${org?.name ?? PERSONAL_LABEL}`} onClick={() => setChoosingOrg(true)}>
                      <Text className='picker-field__value'>{org?.name ?? PERSONAL_LABEL}</Text>
                      <Text className='picker-field__more'>更换 ›</Text>
                    </View>
                    <Text className='field__hint'>组织预约需管理员审核</Text>
                  </View>
                ) : null}
              </View>

              <Text className='book__approval'>
                {needsApproval ? '提交后需要管理员审核，审核结果会发到「我的消息」。' : '提交后直接预约成功，免费使用。'}
              </Text>

              {formError ? (
                <View className='form-error book__error' role='alert'>
                  <Text>{formError.message}</Text>
                  {formError.way === 'reselect' ? (
                    <Button className='btn-secondary book__way' onClick={() => goBack(routes.venueDetail(venueId ?? ''))}>
                      重新选择时段
                    </Button>
                  ) : null}
                  {formError.way === 'mine' ? (
                    <Button className='btn-secondary book__way' onClick={() => void Taro.redirectTo({ url: routes.myBookings })}>
                      查看我的预约
                    </Button>
                  ) : null}
                </View>
              ) : null}

              <Button className={`btn-primary book__submit ${busy ? 'is-disabled' : ''}`} onClick={() => void submit()}>
                {busy ? '正在提交…' : '提交预约'}
              </Button>
              {choosingOrg ? (
                <OrgSheet
                  organizations={organizations}
                  selectedId={org?.id ?? null}
                  onPick={(id) => {
                    setOrgId(id);
                    setChoosingOrg(false);
                  }}
                  onClose={() => setChoosingOrg(false)}
                />
              ) : null}
            </>
          ) : null}
        </StateView>
      )}
    </Screen>
  );
}

/** 预约成功 / 已提交，等待审核: what was booked, the check-in code, and where to go next. */
function BookingResult({ booking: b, venueId }: { booking: Booking; venueId: string }) {
  const confirmed = b.state === 'confirmed';
  const calendar = async () => {
    const said = await addToCalendar(b);
    done(said, { failed: true });
  };
  return (
    <Screen className='book-result'>
      <View className={`book-result__banner ${confirmed ? 'book-result__banner--ok' : 'book-result__banner--wait'}`} role='status'>
        <Text className='book-result__icon' aria-hidden>
          {confirmed ? '✓' : '…'}
        </Text>
        <Text className='book-result__title'>{confirmed ? '预约成功' : '已提交，等待审核'}</Text>
        <Text className='book-result__sub'>
          {confirmed
            ? '请按时到场，开始前后15分钟内签到'
            : `管理员审核后会发消息告诉您${b.expiresAt ? `；${shortDateTime(b.expiresAt)}前未审核将自动失效` : ''}`}
        </Text>
      </View>

      <View className='card book-result__card'>
        <ResultRow label='场地' value={b.venueName} />
        <ResultRow label='地点' value={b.venueAddress} />
        <ResultRow label='日期' value={longDate(dateOf(b.start))} />
        <ResultRow label='时间' value={timeRange(b.start, b.end)} nowrap />
        <ResultRow label='用途' value={`${b.purpose}（${b.attendees}人）`} />
        {b.orgName ? <ResultRow label='组织' value={b.orgName} /> : null}
        {confirmed && b.checkInCode ? (
          <CheckInCode code={b.checkInCode}>
            <Text className='checkin-code__window'>在「我的预约」里随时可以再看到</Text>
          </CheckInCode>
        ) : null}
      </View>

      <Button className='btn-secondary book-result__btn' onClick={() => void calendar()}>
        添加到日历
      </Button>
      <Button className='btn-primary book-result__btn' onClick={() => void Taro.redirectTo({ url: routes.myBookings })}>
        查看我的预约
      </Button>
      <Button className='btn-secondary book-result__btn' onClick={() => goBack(routes.venueDetail(venueId))}>
        返回场地
      </Button>
    </Screen>
  );
}

function ResultRow({ label, value, nowrap }: { label: string; value: string; nowrap?: boolean }) {
  return (
    <View className='result-row'>
      <Text className='result-row__label'>{label}</Text>
      <Text className={`result-row__value ${nowrap ? 'nowrap' : ''}`}>{value}</Text>
    </View>
  );
}
