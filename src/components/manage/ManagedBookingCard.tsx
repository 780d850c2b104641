import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import type { ManagedBooking } from '../../../types';
import { dateOf, dayLabel, timeRange } from './format';
import { StateBadge } from '../StateBadge';
import { PhoneLink } from './PhoneLink';
import './manage.css';

interface Props {
  booking: ManagedBooking;
  /** Today in Beijing, to say 今天/明天 next to dates. */
  today: string;
  /** Lists across venues and days name the venue and the date on each card (and leave out the state: all pending). */
  withVenueAndDate?: boolean;
  /** A day's list across venues (全部场地) names the venue on each card, and keeps the state. */
  withVenue?: boolean;
  /** Extra lines or the actions of the card. */
  children?: ReactNode;
}

/** One booking as the responsible manager sees it: when, who, how to reach them, what for, how many. */
export function ManagedBookingCard({ booking: b, today, withVenueAndDate = false, withVenue = false, children }: Props) {
  return (
    <View className={`card mb mb--${b.state}`}>
      {withVenueAndDate ? (
        <View className='mb__where'>
          <Text className='mb__venue'>{b.venueName}</Text>
          <Text className='mb__date'>{dayLabel(dateOf(b.start), today)}</Text>
        </View>
      ) : null}
      {withVenue && !withVenueAndDate ? (
        <View className='mb__where'>
          <Text className='mb__venue'>{b.venueName}</Text>
        </View>
      ) : null}
      <View className='mb__head'>
        <Text className='mb__time'>{timeRange(b.start, b.end)}</Text>
        {withVenueAndDate ? null : <StateBadge state={b.state} />}
      </View>
      <View className='mb__row'>
        <Text className='mb__key'>预约人</Text>
        <Text className='mb__value mb__name'>{b.bookerName}</Text>
      </View>
      {b.orgName ? (
        <View className='mb__row'>
          <Text className='mb__key'>组织</Text>
          <Text className='mb__value'>{b.orgName}</Text>
        </View>
      ) : null}
      <View className='mb__row mb__row--phone'>
        <Text className='mb__key'>电话</Text>
        <View className='mb__value'>
          <PhoneLink phone={b.phone} />
        </View>
      </View>
      <View className='mb__row'>
        <Text className='mb__key'>用途</Text>
        <Text className='mb__value'>{b.purpose}</Text>
      </View>
      <View className='mb__row'>
        <Text className='mb__key'>人数</Text>
        <Text className='mb__value'>{b.attendees} 人</Text>
      </View>
      {children}
    </View>
  );
}
