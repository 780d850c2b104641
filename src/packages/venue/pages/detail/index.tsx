import { useEffect, useRef, useState } from 'react';
import { Button, Image, Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro';
import type { Slot } from '../../../../../types/venue';
import { DateStrip } from '../../../../components/booking/DateStrip';
import { dateOf, datesBetween, durationText, longDate, timeRange } from '../../../../components/booking/format';
import { queryValue } from '../../../../components/booking/params';
import { SlotGrid } from '../../../../components/booking/SlotGrid';
import { WaitlistSheet } from '../../../../components/booking/WaitlistSheet';
import { StateView } from '../../../../components/StateView';
import { useVenue } from '../../../../hooks/useVenue';
import { useVenueSlots } from '../../../../hooks/useVenueSlots';
import { useAvailability } from '../../../../hooks/useAvailability';
import { useQuota } from '../../../../hooks/useQuota';
import { quotaText } from '../../../../services/venue-search';
import { messageFor } from '../../../../services/messages';
import { routes } from '../../../../services/routes';
import { venueLevelLabels, venueTypeLabels } from '../../../../services/labels';
import { venueService } from '../../../../services/venue';
import { venuePhotoSrc } from '../../photo';
import { Screen } from '../../../../components/Screen';
import { ask, done } from '../../../../services/dialog';
import './index.css';

export default function VenueDetailPage() {
  const params = useRouter().params;
  const venueId = queryValue(params.venueId);
  // The free-slot search opens the page on the date it found.
  const asked = queryValue(params.date);
  const venueReq = useVenue(venueId);
  const venue = venueReq.data?.venue;
  const dates = venue ? datesBetween(venue.today, venue.lastBookableDate) : [];
  const availReq = useAvailability(venue && venueId ? { venueId, from: venue.today, days: Math.min(14, Math.max(1, dates.length)) } : undefined);
  const freeByDate = Object.fromEntries((availReq.data?.venues[0]?.days ?? []).map((d) => [d.date, d]));
  const quotaReq = useQuota();
  const quota = quotaReq.data;
  const [picked, setPicked] = useState<string | null>(null);
  // Open on the asked date, else on the first date with a free slot (not on a full today), once counts are in.
  useEffect(() => {
    if (picked !== null || !venue || !availReq.data) return;
    const firstFree = availReq.data.venues[0]?.days.find((d) => d.free > 0)?.date;
    setPicked(asked && dates.includes(asked) ? asked : (firstFree ?? venue.today));
  }, [availReq.data, venue]);
  const date = picked ?? (availReq.error ? venue?.today : undefined);
  const slotsReq = useVenueSlots(venue ? venueId : undefined, date);
  // The answer for another date is still there while the new one loads: never let its slots be tapped.
  const day = slotsReq.data?.date === date ? slotsReq.data : undefined;
  const slots = day?.slots ?? [];
  const [selected, setSelected] = useState<string[]>([]);
  const [hint, setHint] = useState<string | null>(null);
  const [queueFor, setQueueFor] = useState<Slot | null>(null);
  const [positions, setPositions] = useState<Record<string, number>>({});
  // A photo that does not load is left out rather than shown as an empty box.
  const [photoFailed, setPhotoFailed] = useState(false);
  const photo = venue?.photos[0];

  // After a reload, keep the choices that are still free, as long as they still run on: coming back from booking 19:30
  // and tapping 18:30 before the fresh grid arrives chose [18:30, 19:30]; 19:30 is gone now, 18:30 stays chosen.
  useEffect(() => {
    const free = new Set((slotsReq.data?.slots ?? []).filter((s) => s.state === 'free').map((s) => s.start));
    setSelected((sel) => {
      const kept = sel.filter((s) => free.has(s));
      if (kept.length === sel.length) return sel;
      const from = sel.indexOf(kept[0] ?? '');
      return kept.every((s, i) => sel[from + i] === s) ? kept : [];
    });
  }, [slotsReq.data]);

  const reloadSlots = slotsReq.reload;
  /** The grid and the venue (its closed days) as they are now; the page stays on screen while they load. */
  const refresh = () => {
    venueReq.reload();
    reloadSlots();
    availReq.reload();
    quotaReq.reload();
  };
  const shown = useRef(false);
  useDidShow(() => {
    // Coming back from the form (booked, the slot taken meanwhile, or the day closed): show everything as it is now.
    if (shown.current) refresh();
    shown.current = true;
  });
  usePullDownRefresh(() => {
    refresh();
    void Taro.stopPullDownRefresh();
  });

  const pickDate = (d: string) => {
    if (d === date) return;
    setPicked(d);
    setSelected([]);
    setHint(null);
  };

  const max = venue?.maxConsecutive ?? 1;
  const tapFree = (slot: Slot) => {
    setHint(null);
    const at = (start: string) => slots.findIndex((s) => s.start === start);
    if (selected.includes(slot.start)) {
      const ends = [selected[0], selected[selected.length - 1]];
      // Tapping an end shortens the range; tapping the middle starts again from there.
      setSelected(ends.includes(slot.start) ? selected.filter((s) => s !== slot.start) : [slot.start]);
      return;
    }
    if (selected.length === 0) return setSelected([slot.start]);
    const i = at(slot.start);
    const first = slots[at(selected[0] ?? '')];
    const last = slots[at(selected[selected.length - 1] ?? '')];
    const before = first !== undefined && slot.end === first.start && i === at(first.start) - 1;
    const after = last !== undefined && last.end === slot.start && i === at(last.start) + 1;
    if (before || after) {
      if (selected.length >= max) return setHint(`一次最多连着预约${max}个时段`);
      setSelected(before ? [slot.start, ...selected] : [...selected, slot.start]);
      return;
    }
    setSelected([slot.start]);
    setHint('几个时段要前后连着，已从这个时段重新选');
  };

  const leaveQueue = async (slot: Slot) => {
    const confirm = await ask({
      title: '取消候补？',
      content: `${timeRange(slot.start, slot.end)} 的候补排队将取消。`,
      confirmText: '取消候补',
      cancelText: '不取消',
    });
    if (!confirm || !venueId) return;
    try {
      await venueService.leaveWaitlist(venueId, slot.start);
      done('已取消候补');
    } catch (e) {
      done(messageFor(e), { failed: true });
    }
    reloadSlots();
  };

  const chosen = slots.filter((s) => selected.includes(s.start));
  const firstChosen = chosen[0];
  const lastChosen = chosen[chosen.length - 1];
  // The grid's answer may know of a closure the venue answer (loaded earlier) does not.
  const closedDay = !!venue && !!date && (venue.blackoutDates.includes(date) || day?.closedDay === true);
  const showBar = !!venue && !closedDay && !slotsReq.error && (slots.length > 0 || slotsReq.loading);
  const noneFree = slots.length > 0 && !slots.some((s) => s.state === 'free');

  return (
    <Screen className={`venue-detail ${showBar ? 'venue-detail--with-bar' : ''}`}>
      <StateView loading={venueReq.loading} error={venueReq.error} empty={!venue} emptyText='没有找到这个场地' onRetry={venueReq.reload}>
        {venue ? (
          <>
            {photo && !photoFailed ? (
              <View className='venue-photo'>
                <Image
                  className='venue-photo__img'
                  src={venuePhotoSrc(photo)}
                  mode='aspectFill'
                  lazyLoad
                  nativeProps={{ alt: `${venue.name}照片` }}
                  onError={() => setPhotoFailed(true)}
                />
              </View>
            ) : null}
            <View className='card venue-info'>
              <View className='venue-info__head'>
                <Text className='venue-info__name'>{venue.name}</Text>
                <Text className='venue-info__level'>{venueLevelLabels[venue.level]}</Text>
              </View>
              <Text className='venue-info__line'>地点：{venue.address}</Text>
              <Text className='venue-info__line'>
                {venueTypeLabels[venue.type]} · 可容纳 {venue.capacity} 人
              </Text>
              {venue.facilities.length > 0 ? <Text className='venue-info__line'>设施：{venue.facilities.join('、')}</Text> : null}
              <Text className='venue-info__line'>
                开放时间：{venue.opens}–{venue.closes}，每段{venue.slotMinutes}分钟
              </Text>
              <Text className='venue-info__line'>免费使用，一次最多连着约{venue.maxConsecutive}段</Text>
              {venue.needsApproval ? (
                <Text className='venue-info__approval'>需审核：这个场地的预约要管理员审核，通过后会发消息告诉您。</Text>
              ) : null}
            </View>

            {quota ? (
              <View className={`card venue-detail__quota ${quota.remaining > 0 ? '' : 'venue-detail__quota--none'}`} role='status'>
                <Text>{quotaText(quota)}</Text>
                {quota.remaining > 0 && !quota.suspendedUntil ? <Text className='muted'>（每人同时最多{quota.max}个预约）</Text> : null}
              </View>
            ) : null}
            <View className='venue-detail__section'>
              <Text className='section-title'>选日期</Text>
            </View>
            <DateStrip dates={dates} today={venue.today} blackouts={venue.blackoutDates} selected={date ?? ''} onSelect={pickDate} free={availReq.data ? freeByDate : undefined} />

            {!date ? (
              <StateView loading empty emptyText='' error={null} onRetry={availReq.reload}>
                {null}
              </StateView>
            ) : null}
            {date ? (
            <>
            <View className='venue-detail__section'>
              <Text className='section-title'>{longDate(date)} 的时段</Text>
              <Button className='btn-secondary venue-detail__refresh' onClick={refresh}>
                刷新
              </Button>
            </View>
            {closedDay ? (
              <View className='card venue-detail__closed'>
                <Text>这一天场地闭馆，不能预约。请选择其他日期。</Text>
              </View>
            ) : (
              <StateView
                loading={slotsReq.loading}
                error={slotsReq.error}
                empty={slots.length === 0}
                emptyText='这一天没有可预约的时段'
                onRetry={reloadSlots}
              >
                {noneFree ? <Text className='venue-detail__none muted'>这一天已经没有空闲时段了，可以看看其他日期。</Text> : null}
                <SlotGrid
                  slots={slots}
                  selected={selected}
                  positions={positions}
                  onTapFree={tapFree}
                  onJoinWaitlist={setQueueFor}
                  onLeaveWaitlist={(s) => void leaveQueue(s)}
                />
              </StateView>
            )}
            </>
            ) : null}
          </>
        ) : null}
      </StateView>
      {venueReq.error ? (
        <Button className='btn-secondary venue-detail__others' onClick={() => void Taro.switchTab({ url: '/pages/venues/index' })}>
          看看其他场地
        </Button>
      ) : null}

      {showBar ? (
        <View className='booking-bar'>
          <View className='booking-bar__text'>
            {firstChosen && lastChosen ? (
              <>
                <Text className='booking-bar__range'>已选 {timeRange(firstChosen.start, lastChosen.end)}</Text>
                <Text className='booking-bar__sub'>
                  {longDate(dateOf(firstChosen.start))} · 共{durationText(firstChosen.start, lastChosen.end)}
                </Text>
              </>
            ) : (
              <Text className='booking-bar__sub'>点选「可预约」的时段，最多连着选{max}段</Text>
            )}
            {hint ? (
              <View className='booking-bar__hint' role='alert'>
                <Text>{hint}</Text>
              </View>
            ) : null}
          </View>
          <Button
            className={`btn-primary booking-bar__go ${chosen.length === 0 ? 'is-disabled' : ''}`}
            aria-disabled={chosen.length === 0}
            onClick={() => {
              if (chosen.length === 0 || !venueId) return setHint('请先点选一个「可预约」的时段');
              if (quota && quota.remaining <= 0) return setHint(quotaText(quota));
              void Taro.navigateTo({ url: routes.book(venueId, chosen.map((s) => s.start)) });
            }}
          >
            预约
          </Button>
        </View>
      ) : null}

      {queueFor && venue && venueId ? (
        <WaitlistSheet
          venueId={venueId}
          capacity={venue.capacity}
          slot={queueFor}
          onClose={() => setQueueFor(null)}
          onJoined={(position) => {
            setPositions((p) => ({ ...p, [queueFor.start]: position }));
            setQueueFor(null);
            done(`已排队，第${position}位`);
            reloadSlots();
          }}
        />
      ) : null}
    </Screen>
  );
}
