import { useEffect, useRef, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Screen } from '../../../../components/Screen';
import { StateView } from '../../../../components/StateView';
import { dayText, monthText, percentText, quarterChoices, quarterText } from '../../../../components/branch/quarter';
import { useBranchRecord } from '../../../../hooks/useBranch';
import { routes } from '../../../../services/routes';
import '../../../../components/branch/branch.css';

/**
 * 组织生活记录 (三会一课) of the secretary's branch: a quarter at a time, per month how many studied (a bar with the share
 * in words), every completion (date, course, member, 线上/线下), 导出Excel, and the members with no course yet this
 * quarter, leading to 党员学习情况 where they can be reminded.
 */
/** A month in words: how many of the members studied, and how many courses in all (that part kept on one line). */
function MonthLine({ active, members, completions }: { active: number; members: number; completions: number }) {
  if (completions === 0) return <Text className='month-row__line'>这个月还没有党员参加学习</Text>;
  return (
    <Text className='month-row__line'>
      {members}位党员中有{active}位参加了学习，<Text className='branch-keep'>共学习{completions}次</Text>
    </Text>
  );
}

export default function BranchRecordPage() {
  // undefined: this quarter as the server counts it; `current` remembers which one that is, for the switcher.
  const [quarter, setQuarter] = useState<string | undefined>(undefined);
  const [known, setKnown] = useState<string | undefined>(undefined);
  const record = useBranchRecord(quarter);
  const data = record.data;
  const current = known ?? (quarter === undefined ? data?.quarter : undefined);
  useEffect(() => {
    if (current && !known) setKnown(current);
  }, [current, known]);

  const shown = useRef(false);
  useDidShow(() => {
    // Back from 党员学习情况 (a reminder sent): show the latest.
    if (shown.current) record.reload();
    shown.current = true;
  });
  usePullDownRefresh(() => {
    record.reload();
    void Taro.stopPullDownRefresh();
  });

  const selected = quarter ?? current;
  const isCurrent = data !== undefined && current !== undefined && data.quarter === current;
  const memberCount = data?.members.length ?? 0;

  return (
    <Screen className='branch-record'>
      <StateView loading={record.loading} error={record.error} empty={!data} emptyText='' onRetry={record.reload}>
        {data ? (
          <View>
            <View className='card branch-head'>
              <Text className='branch-head__name'>{data.branchName}</Text>
              <Text className='branch-head__line'>
                共{memberCount}位党员{data.organizations.length > 0 ? `，由${data.organizations.length}家社会组织组成` : ''}
              </Text>
              {data.organizations.length > 0 ? (
                <View className='branch-head__orgs'>
                  {data.organizations.map((o) => (
                    <Text key={o} className='branch-head__org'>
                      {o}
                    </Text>
                  ))}
                </View>
              ) : null}
            </View>

            {current ? (
              <View className='quarter-pick' role='radiogroup' aria-label='选择季度'>
                {quarterChoices(current).map((c) => {
                  const on = c.quarter === selected;
                  return (
                    <View
                      key={c.quarter}
                      className={`quarter-pick__item ${on ? 'quarter-pick__item--on' : ''}`}
                      role='radio'
                      aria-checked={on}
                      aria-label={`${c.label}${c.label === quarterText(c.quarter) ? '' : `（${quarterText(c.quarter)}）`}`}
                      onClick={() => setQuarter(c.quarter === current ? undefined : c.quarter)}
                    >
                      <Text>
                        {on ? '✓ ' : ''}
                        {c.label}
                      </Text>
                    </View>
                  );
                })}
              </View>
            ) : null}

            <View className='card'>
              <Text className='section-title month-title'>每月学习情况</Text>
              <Text className='branch-note'>{quarterText(data.quarter)}</Text>
              {data.monthly.map((m) => (
                <View key={m.month} className='month-row'>
                  <View className='month-row__top'>
                    <Text className='month-row__month'>{monthText(m.month)}</Text>
                    <Text className='month-row__rate'>{percentText(m.rate)}</Text>
                  </View>
                  <View className='month-bar' aria-hidden>
                    <View className='month-bar__fill' style={{ width: percentText(m.rate) }} />
                  </View>
                  <MonthLine active={m.active} members={memberCount} completions={m.completions} />
                </View>
              ))}
            </View>

            {isCurrent ? (
              <View
                className={`card inactive-card ${data.inactive.length === 0 ? 'inactive-card--none' : ''}`}
                role='button'
                onClick={() => void Taro.navigateTo({ url: routes.branchMembers })}
              >
                <View className='inactive-card__body'>
                  {data.inactive.length > 0 ? (
                    <Text className='inactive-card__title'>
                      本季度还没参加学习的党员 <Text className='branch-keep'>{data.inactive.length}人</Text>
                    </Text>
                  ) : (
                    <Text className='inactive-card__title'>本季度党员都参加了学习</Text>
                  )}
                  <Text className='branch-note'>{data.inactive.length > 0 ? '看看是谁，一键提醒' : '看看每位党员的学习次数'}</Text>
                </View>
                <Text className='inactive-card__more'>查看 ›</Text>
              </View>
            ) : (
              <View className='card'>
                <Text className='branch-note'>
                  {data.inactive.length > 0 ? `这个季度有${data.inactive.length}位党员没有参加学习` : '这个季度党员都参加了学习'}
                </Text>
              </View>
            )}

            <Button className={`btn-primary branch-main ${record.exporting ? 'is-disabled' : ''}`} onClick={() => void record.exportRecord()}>
              {record.exporting ? '正在导出…' : '导出Excel'}
            </Button>

            <Text className='section-title'>学习记录（{data.entries.length}次）</Text>
            {data.entries.length === 0 ? (
              <View className='card'>
                <Text className='branch-note'>这个季度还没有学习记录。党员上线上课或到场签到后，会记在这里。</Text>
              </View>
            ) : (
              data.entries.map((e, i) => (
                <View key={`${e.memberId}:${e.courseId}:${i}`} className='card entry-row'>
                  <View className='entry-row__top'>
                    <Text className='entry-row__date'>{dayText(e.date)}</Text>
                    <Text className={`via-badge via-badge--${e.via}`}>{e.via === 'online' ? '线上' : '线下'}</Text>
                  </View>
                  <Text className='entry-row__title'>{e.courseTitle}</Text>
                  <Text className='entry-row__who'>{e.name}</Text>
                </View>
              ))
            )}
          </View>
        ) : null}
      </StateView>
    </Screen>
  );
}
