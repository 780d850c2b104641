import { useState } from 'react';
import { Button, Input, Text, Textarea, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import type { HoursEntry } from '../../../../../types';
import { choice, fieldError } from '../../../../components/form-fields';
import { Screen } from '../../../../components/Screen';
import { StateView } from '../../../../components/StateView';
import { dateOf, hoursSourceLabels, hoursText, longDate } from '../../../../components/steward/format';
import { useStewardTotals } from '../../../../hooks/useStewardGrant';
import { CallError, newRequestId } from '../../../../services/client';
import { ask, done } from '../../../../services/dialog';
import { messageFor } from '../../../../services/messages';
import { routes } from '../../../../services/routes';
import { stewardService } from '../../../../services/steward';
import '../../../../components/booking/booking.css';
import '../../../../components/steward/steward.css';

type Mode = 'honour' | 'correction';
type Field = 'hours' | 'reason' | 'entry';
const REASONS = ['表现突出，额外表彰', '协助组织活动', '补记未登记的服务'];

/** '1.5' → 1.5; null when it is not a number in 0.25 steps. */
function parseHours(text: string): number | null {
  const t = text.trim();
  if (!/^-?\d+(\.\d+)?$/.test(t)) return null;
  const n = Number(t);
  return Math.abs(n * 4 - Math.round(n * 4)) < 1e-9 ? n : null;
}

export default function StewardGrantPage() {
  const { params } = useRouter();
  const stationId = params.stationId || undefined;
  const openid = params.openid || undefined;
  const totals = useStewardTotals(stationId, openid);
  const data = totals.data;
  const station = data?.stations.find((s) => s.stationId === stationId);
  const person = data?.volunteers.find((v) => v.openid === openid);
  const entries: HoursEntry[] = data?.entries ?? [];

  const [mode, setMode] = useState<Mode>('honour');
  const [hours, setHours] = useState('1');
  const [reason, setReason] = useState('');
  const [entryId, setEntryId] = useState<string | null>(null);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // One id per grant intent, renewed after a grant succeeds: a retry after a lost reply adds the entry once.
  const [requestId, setRequestId] = useState(newRequestId);

  const step = (delta: number) => {
    const now = parseHours(hours) ?? 0;
    const next = Math.round((now + delta) * 4) / 4;
    setHours(String(mode === 'honour' ? Math.max(0.25, next) : next));
    setErrors((e) => ({ ...e, hours: undefined }));
  };

  const validate = () => {
    const errs: Partial<Record<Field, string>> = {};
    const h = parseHours(hours);
    if (h === null) errs.hours = '时长请按0.25小时填写，例如 1.5';
    else if (h === 0 || Math.abs(h) > 100) errs.hours = '时长请在0.25到100小时之间';
    else if (mode === 'honour' && h < 0) errs.hours = '荣誉时长要大于0；要减少时长，请选「更正一条记录」';
    if (reason.trim().length < 2) errs.reason = '请写明原因，至少2个字';
    if (mode === 'correction' && !entryId) errs.entry = '请先选择要更正的那条记录';
    return errs;
  };

  const submit = async () => {
    if (busy || !stationId || !openid) return;
    const errs = validate();
    setErrors(errs);
    if (Object.keys(errs).length > 0) return setFormError('有几项需要修改，请看红字提示');
    setFormError(null);
    const h = parseHours(hours) as number;
    const who = person?.name ?? '这位志愿者';
    const ok = await ask({
      title: mode === 'honour' ? '登记荣誉时长？' : '登记更正？',
      content: `${who}：${h > 0 ? '+' : ''}${hoursText(h)}\n原因：${reason.trim()}\n记录只能追加、不能修改，如有错误需再登记一条更正。`,
      confirmText: '确认登记',
      cancelText: '再看看',
    });
    if (!ok) return;
    setBusy(true);
    try {
      await stewardService.grantHours(
        { openid, stationId, hours: h, reason: reason.trim(), ...(mode === 'correction' && entryId ? { correctsId: entryId } : {}) },
        requestId,
      );
      done('已登记');
      setRequestId(newRequestId());
      setReason('');
      setEntryId(null);
      totals.reload();
    } catch (e) {
      // Refused: the next attempt is a new request (the same id with other input would be refused as reused).
      // A lost reply (UNAVAILABLE) keeps the id, so a retry takes effect once.
      if (e instanceof CallError && e.code !== 'UNAVAILABLE') setRequestId(newRequestId());
      if (e instanceof CallError && e.code === 'INPUT.INVALID' && e.fields) {
        const mine: Partial<Record<Field, string>> = {};
        for (const [path, message] of Object.entries(e.fields)) {
          const key = path.split('.')[0];
          if (key === 'hours' || key === 'reason') mine[key] = message;
          if (key === 'correctsId') mine.entry = message;
        }
        setErrors(mine);
      }
      if (e instanceof CallError && e.code === 'HOURS.NEGATIVE_TOTAL') setErrors({ hours: messageFor(e) });
      if (e instanceof CallError && e.code === 'HOURS.ENTRY_NOT_FOUND') setErrors({ entry: messageFor(e) });
      setFormError(messageFor(e));
    } finally {
      setBusy(false);
    }
  };

  const errorOf = (f: Field) => fieldError(errors[f]);

  const form = openid ? (
    <View className={`card grant-form ${busy ? 'book__form--busy' : ''}`}>
      <Text className='grant-who'>{person?.name ?? '这位志愿者'}</Text>
      <Text className='muted'>
        在本站累计 {hoursText(person?.hours ?? 0)}
      </Text>
      <Text className='field__label'>登记什么</Text>
      <View className='shift-form__choices' role='radiogroup' aria-label='登记什么'>
        {choice(mode === 'honour', '荣誉时长', () => {
          setMode('honour');
          setErrors({});
          if ((parseHours(hours) ?? 0) <= 0) setHours('1');
        })}
        {choice(mode === 'correction', '更正一条记录', () => {
          setMode('correction');
          setErrors({});
        })}
      </View>

      {mode === 'correction' ? (
        <View className={errors.entry ? 'field field--bad' : 'field'}>
          <Text className='field__label'>更正哪一条</Text>
          {entries.length === 0 ? <Text className='steward-none'>这位志愿者在本站还没有时长记录</Text> : null}
          <View role='radiogroup' aria-label='更正哪一条'>
            {entries.map((en) => (
              <View
                key={en.id}
                className={`grant-entry ${en.id === entryId ? 'grant-entry--on' : ''}`}
                role='radio'
                aria-checked={en.id === entryId}
                onClick={() => {
                  setEntryId(en.id);
                  setErrors((e) => ({ ...e, entry: undefined }));
                }}
              >
                <View className='grant-entry__main'>
                  <Text className='grant-entry__what'>
                    {en.id === entryId ? '✓ ' : ''}
                    {hoursSourceLabels[en.source]} · {en.shiftTitle ?? en.reason ?? ''}
                  </Text>
                  <Text className='grant-entry__meta'>
                    {longDate(dateOf(en.at))} · {en.byName}
                  </Text>
                </View>
                <Text className='grant-entry__hours'>
                  {en.hours > 0 ? '+' : ''}
                  {hoursText(en.hours)}
                </Text>
              </View>
            ))}
          </View>
          {errorOf('entry')}
        </View>
      ) : null}

      <View className={errors.hours ? 'field field--bad' : 'field'}>
        <Text className='field__label'>{mode === 'honour' ? '时长（小时）' : '增加或减少的时长（减少写负数）'}</Text>
        <View className='stepper'>
          <Button className='stepper__btn' aria-label='减0.25小时' onClick={() => step(-0.25)}>
            <Text className='stepper__sign'>−</Text>
          </Button>
          <Input
            className='stepper__input'
            // The number pad has no minus sign: a correction (which may take hours back) gets the full keyboard.
            type={mode === 'honour' ? 'digit' : 'text'}
            maxlength={7}
            value={hours}
            aria-label='时长（小时）'
            nativeProps={{ 'aria-label': '时长（小时）' }}
            onInput={(e) => {
              // Only a real change clears the message (an input may report its unchanged value after a re-render).
              if (e.detail.value === hours) return;
              setHours(e.detail.value);
              setErrors((x) => ({ ...x, hours: undefined }));
            }}
          />
          <Button className='stepper__btn' aria-label='加0.25小时' onClick={() => step(0.25)}>
            <Text className='stepper__sign'>+</Text>
          </Button>
        </View>
        <Text className='field__hint'>{mode === 'honour' ? '按0.25小时（一刻钟）填写' : '按0.25小时填写；点「−」可减到负数，表示扣减'}</Text>
        {errorOf('hours')}
      </View>

      <View className={errors.reason ? 'field field--bad' : 'field'}>
        <Text className='field__label'>原因（志愿者会看到）</Text>
        <Textarea
          className='field__textarea'
          value={reason}
          maxlength={100}
          placeholder='例如：协助组织重阳节活动'
          aria-label='原因'
          onInput={(e) => {
            if (e.detail.value === reason) return;
            setReason(e.detail.value);
            setErrors((x) => ({ ...x, reason: undefined }));
          }}
        />
        {mode === 'honour' ? (
          <View className='shift-form__tags'>
            {REASONS.map((r) => (
              <View key={r} className='shift-form__choice' role='button' onClick={() => setReason(r)}>
                <Text>{r}</Text>
              </View>
            ))}
          </View>
        ) : null}
        {errorOf('reason')}
      </View>

      {formError ? (
        <View role='alert'>
          <Text className='form-error'>{formError}</Text>
        </View>
      ) : null}
      <Button className={`btn-primary steward-main grant-submit ${busy ? 'is-disabled' : ''}`} onClick={() => void submit()}>
        {busy ? '正在登记…' : '登记'}
      </Button>
    </View>
  ) : null;

  return (
    <Screen className='steward-grant'>
      <StateView loading={totals.loading} error={totals.error} empty={!data} emptyText='没有找到这个站点' onRetry={totals.reload}>
        {data ? (
          <>
            {station ? <Text className='steward-station'>{station.stationName}</Text> : null}
            {form}
            <Text className='section-title'>本站时长合计</Text>
            <View className='card grant-totals'>
              <Text className='roster-head__counts'>
                共 {hoursText(station?.hours ?? 0)} · {station?.volunteers ?? 0}位志愿者
              </Text>
              {data.volunteers.length === 0 ? <Text className='steward-none'>还没有志愿者的服务时长</Text> : null}
              {data.volunteers.map((v) => (
                <View
                  key={v.openid}
                  className='grant-row'
                  role='button'
                  aria-label={`${v.name} ${hoursText(v.hours)}，给TA登记时长`}
                  onClick={() => (stationId && v.openid !== openid ? void Taro.redirectTo({ url: routes.stewardGrant(stationId, v.openid) }) : undefined)}
                >
                  <Text className='grant-row__name'>
                    {v.openid === openid ? '✓ ' : ''}
                    {v.name}
                  </Text>
                  <Text className='grant-row__hours'>{hoursText(v.hours)}</Text>
                </View>
              ))}
            </View>
            {data.streets.length > 0 ? (
              <>
                <Text className='section-title'>街道合计</Text>
                <View className='card'>
                  {data.streets.map((s) => (
                    <View key={s.streetId} className='grant-row'>
                      <Text className='grant-row__name'>{s.streetName}</Text>
                      <Text className='grant-row__hours'>{hoursText(s.hours)}</Text>
                    </View>
                  ))}
                </View>
              </>
            ) : null}
          </>
        ) : null}
      </StateView>
    </Screen>
  );
}
