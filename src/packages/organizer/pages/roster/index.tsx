import { Button, Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import type { ActivityRosterEntry } from '../../../../../types';
import { clockOf, longDate, shortDateTime } from '../../../../../types/date-format';
import { Screen } from '../../../../components/Screen';
import { StateView } from '../../../../components/StateView';
import { PhoneLink } from '../../../../components/manage/PhoneLink';
import { queryValue } from '../../../../components/booking/params';
import { dateOf } from '../../../../components/steward/format';
import { useActivityRoster } from '../../../../hooks/useOrganizer';
import { useReloadOnReturn } from '../../../../hooks/useReloadOnReturn';
import '../../../../components/steward/steward.css';
import '../../../../components/author/author.css';
import '../../../../components/organizer/organizer.css';

/** A phone as the server gives it: in full (tap to call) for the branch's own secretary, masked for anyone else. */
function Phone({ phone }: { phone: string | null }) {
  if (phone && phone.includes('*')) return <Text className='operson__line'>{`电话 ${phone}`}</Text>;
  return <PhoneLink phone={phone} />;
}

function Person({ entry: e }: { entry: ActivityRosterEntry }) {
  return (
    <View className='operson' data-key={e.key}>
      <Text className='operson__name'>{e.state === 'waitlisted' && e.position ? `候补第${e.position}位　${e.name}` : e.name}</Text>
      <Phone phone={e.phone} />
      <Text className='operson__line'>{`报名时间 ${shortDateTime(e.signedUpAt)}`}</Text>
      {e.state === 'confirmed' ? (
        <Text className={e.checkedInAt ? 'operson__in' : 'operson__line'}>{e.checkedInAt ? `✓ 已签到 ${clockOf(e.checkedInAt)}` : '还没签到'}</Text>
      ) : null}
    </View>
  );
}

/** 报名名单 (organisers): confirmed, then waiting in order; 导出名单 as .xlsx. */
export default function OrganizerRosterPage() {
  const { params } = useRouter();
  const activityId = queryValue(params.activityId) || undefined;
  const roster = useActivityRoster(activityId);
  // Back from the code screen, or pulled down: the latest check-ins.
  useReloadOnReturn(roster.reload);

  const data = roster.data;
  return (
    <Screen className='organizer-roster'>
      <StateView loading={roster.loading && !data} error={roster.error} empty={!data} emptyText='没有找到这个活动' onRetry={roster.reload}>
        {data ? (
          <View>
            <View className='card oroster__head'>
              <Text className='oroster__title'>{data.title}</Text>
              <Text className='roster-head__line'>{`${longDate(dateOf(data.start))} ${clockOf(data.start)} 开始`}</Text>
              <Text className='roster-head__line'>
                <Text className='nowrap'>{`已报名 ${data.confirmed.length}/${data.capacity}`}</Text>
                <Text className='nowrap'>{`，候补 ${data.waitlisted.length}`}</Text>
                <Text className='nowrap'>{`，已签到 ${data.checkedIn}`}</Text>
              </Text>
              <Button className={`btn-primary steward-main ${roster.exporting ? 'is-disabled' : ''}`} onClick={() => void roster.exportRoster()}>
                {roster.exporting ? '正在导出…' : '导出名单（Excel）'}
              </Button>
            </View>
            <View className='card' role='region' aria-label='已报名'>
              <Text className='section-title'>{`已报名（${data.confirmed.length}人）`}</Text>
              {data.confirmed.length === 0 ? <Text className='muted'>还没有人报名。</Text> : data.confirmed.map((e) => <Person key={e.key} entry={e} />)}
            </View>
            {data.waitlisted.length > 0 ? (
              <View className='card' role='region' aria-label='候补'>
                <Text className='section-title'>{`候补（${data.waitlisted.length}人，按先后顺序）`}</Text>
                {data.waitlisted.map((e) => (
                  <Person key={e.key} entry={e} />
                ))}
              </View>
            ) : null}
          </View>
        ) : null}
      </StateView>
    </Screen>
  );
}
