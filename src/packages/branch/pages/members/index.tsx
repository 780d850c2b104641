import { useRef } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import type { BranchRecordView } from '../../../../services/course';
import { Screen } from '../../../../components/Screen';
import { StateView } from '../../../../components/StateView';
import { dayText, monthText, percentText, quarterText } from '../../../../components/branch/quarter';
import { useBranchMembers } from '../../../../hooks/useBranch';
import '../../../../components/branch/branch.css';

type Member = BranchRecordView['members'][number];

/**
 * 党员学习情况 this quarter: the members with no course yet first (with when they were last reminded), then everyone
 * else by how regularly they studied; per month the number of courses and the share of months with one; 一键提醒.
 */
export default function BranchMembersPage() {
  const members = useBranchMembers();
  const shown = useRef(false);
  useDidShow(() => {
    if (shown.current) members.reload();
    shown.current = true;
  });
  usePullDownRefresh(() => {
    members.reload();
    void Taro.stopPullDownRefresh();
  });

  const data = members.data;
  const remindedAt = new Map((data?.inactive ?? []).map((i) => [i.memberId, i.remindedAt]));
  const inactive = (data?.members ?? []).filter((m) => remindedAt.has(m.memberId) || m.total === 0);
  const active = (data?.members ?? [])
    .filter((m) => !inactive.includes(m))
    .sort((a, b) => a.rate - b.rate || a.total - b.total || a.name.localeCompare(b.name, 'zh'));
  // Someone in `inactive` the members list lacks (should not happen) is still shown, with no counts.
  const listed = new Set(inactive.map((m) => m.memberId));
  const extra = (data?.inactive ?? []).filter((i) => !listed.has(i.memberId));

  const months = (m: Member) => (
    <View className='member-row__months'>
      {(data?.months ?? []).map((month, i) => (
        <View key={month} className='member-row__month'>
          <Text className='member-row__month-name'>{monthText(month)}</Text>
          <Text className='member-row__month-count'>{m.perMonth[i] ?? 0}次</Text>
        </View>
      ))}
    </View>
  );
  const reminded = (memberId: string) => {
    const at = remindedAt.get(memberId);
    return at ? `上次提醒：${dayText(at)}` : '还没提醒过';
  };

  return (
    <Screen className='branch-members'>
      <StateView loading={members.loading} error={members.error} empty={!data} emptyText='' onRetry={members.reload}>
        {data ? (
          <View>
            <View className='card branch-head'>
              <Text className='branch-head__name'>{data.branchName}</Text>
              <Text className='branch-head__line'>{quarterText(data.quarter)}</Text>
              <Text className='branch-head__line'>
                共{data.members.length}位党员，
                <Text className='branch-keep'>{data.inactive.length > 0 ? `${data.inactive.length}人还没参加学习` : '都参加了学习'}</Text>
              </Text>
            </View>

            {data.inactive.length > 0 ? (
              <View>
                <Button className={`btn-primary branch-main ${members.reminding ? 'is-disabled' : ''}`} onClick={() => void members.remind()}>
                  {members.reminding ? '正在发送…' : `一键提醒（${data.inactive.length}人）`}
                </Button>
                <Text className='section-title'>还没参加学习（{data.inactive.length}人）</Text>
                {inactive.map((m) => (
                  <View key={m.memberId} className='card member-row member-row--inactive' data-member={m.memberId}>
                    <View className='member-row__top'>
                      <Text className='member-row__name'>{m.name}</Text>
                      <Text className='member-row__rate member-row__rate--none'>本季度0次</Text>
                    </View>
                    <Text className='member-row__line'>{reminded(m.memberId)}</Text>
                    {months(m)}
                  </View>
                ))}
                {extra.map((i) => (
                  <View key={i.memberId} className='card member-row member-row--inactive' data-member={i.memberId}>
                    <View className='member-row__top'>
                      <Text className='member-row__name'>{i.name}</Text>
                      <Text className='member-row__rate member-row__rate--none'>本季度0次</Text>
                    </View>
                    <Text className='member-row__line'>{reminded(i.memberId)}</Text>
                  </View>
                ))}
              </View>
            ) : null}

            <Text className='section-title'>已参加学习（{active.length}人）</Text>
            {active.length === 0 ? (
              <View className='card'>
                <Text className='branch-note'>本季度还没有党员参加学习。</Text>
              </View>
            ) : (
              active.map((m) => (
                <View key={m.memberId} className='card member-row' data-member={m.memberId}>
                  <View className='member-row__top'>
                    <Text className='member-row__name'>{m.name}</Text>
                    <Text className='member-row__rate'>
                      共{m.total}次 · 参学率{percentText(m.rate)}
                    </Text>
                  </View>
                  {m.lastDate ? <Text className='member-row__line'>最近一次：{dayText(m.lastDate)}</Text> : null}
                  {months(m)}
                </View>
              ))
            )}
          </View>
        ) : null}
      </StateView>
    </Screen>
  );
}
