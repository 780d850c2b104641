import { Picker, Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro';
import type { Dashboard } from '../../../../../types/dashboard';
import { ORG_KIND_LABELS } from '../../../../../types/org-rules';
import { Screen } from '../../../../components/Screen';
import { StateView } from '../../../../components/StateView';
import { Chart } from '../../../../components/dashboard/Chart';
import { DataTable } from '../../../../components/dashboard/DataTable';
import { barSpec, chartHeight, columnSpec, partyParts, ringSpec, venueUseSpec } from '../../../../components/dashboard/charts';
import { count, dateLong, hours, monthLong, percent, RANGE_LABELS, type RangeKind, updatedText } from '../../../../components/dashboard/format';
import { useDashboard } from '../../../../hooks/useDashboard';
import { useElderMode } from '../../../../hooks/useElderMode';
import '../../../../components/chips.css';
import '../../../../components/dashboard/dashboard.css';

type Month = Dashboard['months'][number];

function Choice({ on, label, onTap }: { on: boolean; label: string; onTap: () => void }) {
  return (
    <View className={`chip ${on ? 'chip--on' : ''}`} role='radio' aria-checked={on} onClick={onTap}>
      <Text>{on ? `✓ ${label}` : label}</Text>
    </View>
  );
}

function Figure({ label, value, note }: { label: string; value: string; note?: string }) {
  return (
    <View className='dash-figure'>
      <Text className='dash-figure__label'>{label}</Text>
      <Text className='dash-figure__value'>{value}</Text>
      {note ? <Text className='dash-figure__note'>{note}</Text> : null}
    </View>
  );
}

function Section({ title, note, children }: { title: string; note?: string; children: React.ReactNode }) {
  return (
    <View className='card dash-section'>
      <View className='section-title' role='heading' aria-level={2}>
        <Text>{title}</Text>
      </View>
      {note ? <Text className='dash-section__note'>{note}</Text> : null}
      {children}
    </View>
  );
}

/** The month column: 3月 within one year, 2025年3月 when the range spans two. */
const monthColumn = (dash: Dashboard) => {
  const oneYear = dash.from.slice(0, 4) === dash.to.slice(0, 4);
  return { title: '月份', cell: (m: Month) => (oneYear ? `${Number(m.month.slice(5, 7))}月` : monthLong(m.month)) };
};

export default function DashboardPage() {
  const { params } = useRouter();
  const page = useDashboard(params.streetId || undefined);
  const { on: elder } = useElderMode();
  const d = page.dashboard.data;

  usePullDownRefresh(() => {
    page.reload();
    void Taro.stopPullDownRefresh();
  });

  const downloadProps = (table: Parameters<typeof page.download>[0]) => ({
    onDownload: () => void page.download(table),
    downloading: page.downloading === table,
  });

  const rangePicker = (
    <View className='card dash-controls'>
      <Text className='dash-controls__title'>看哪段时间</Text>
      <View className='chips' role='radiogroup' aria-label='看哪段时间'>
        {(Object.keys(RANGE_LABELS) as RangeKind[]).map((k) => (
          <Choice key={k} on={page.rangeKind === k} label={RANGE_LABELS[k]} onTap={() => page.setRangeKind(k)} />
        ))}
      </View>
      {page.rangeKind === 'custom' ? (
        <View className='dash-months'>
          <View className='dash-months__item'>
            <Picker mode='date' fields='month' value={page.customMonths.from} onChange={(e) => page.setCustomMonths({ ...page.customMonths, from: String(e.detail.value).slice(0, 7) })}>
              <View className='dash-month' role='button' aria-label={`从 ${monthLong(page.customMonths.from)}，点按更改`}>
                <Text className='dash-month__label'>从</Text>
                <Text className='dash-month__value'>{monthLong(page.customMonths.from)}</Text>
              </View>
            </Picker>
          </View>
          <View className='dash-months__item'>
            <Picker mode='date' fields='month' value={page.customMonths.to} onChange={(e) => page.setCustomMonths({ ...page.customMonths, to: String(e.detail.value).slice(0, 7) })}>
              <View className='dash-month' role='button' aria-label={`到 ${monthLong(page.customMonths.to)}，点按更改`}>
                <Text className='dash-month__label'>到</Text>
                <Text className='dash-month__value'>{monthLong(page.customMonths.to)}</Text>
              </View>
            </Picker>
          </View>
        </View>
      ) : null}
      {page.rangeProblem ? (
        <View className='dash-problem' role='alert'>
          <Text>{page.rangeProblem}</Text>
        </View>
      ) : null}
      {page.viewer?.kind === 'district' && (page.streets.data ?? []).length > 0 ? (
        <>
          <Text className='dash-controls__title'>看哪个街道</Text>
          <View className='chips' role='radiogroup' aria-label='看哪个街道'>
            <Choice on={!page.streetId} label='全区' onTap={() => page.setStreetId(undefined)} />
            {(page.streets.data ?? []).map((s) => (
              <Choice key={s.id} on={page.streetId === s.id} label={s.name.replace(/街道$/, '')} onTap={() => page.setStreetId(s.id)} />
            ))}
          </View>
        </>
      ) : null}
    </View>
  );

  const body = (dash: Dashboard) => {
    const f = dash.figures;
    const totalOrgs = dash.orgs.byKind.reduce((n, k) => n + k.count, 0);
    const party = partyParts(dash);
    const covered = dash.orgs.own + dash.orgs.joint;
    const streets = [...dash.streets].sort((a, b) => b.bookedHours - a.bookedHours);
    return (
      <>
        <View className='dash-head'>
          <Text className='dash-head__scope'>{dash.streetName ?? '芝罘区全区'}</Text>
          <Text className='dash-head__range'>
            {dateLong(dash.from)} 至 {dateLong(dash.to)}
          </Text>
          <Text className='dash-head__updated'>{updatedText(dash.updatedAt)}</Text>
        </View>

        <View className='dash-figures'>
          <Figure label='场地使用率' value={percent(f.useRate)} note={`预约${hours(f.bookedHours)}小时`} />
          <Figure label='预约次数' value={count(f.bookings)} note='次' />
          <Figure label='爽约率' value={percent(f.noShowRate)} note={`爽约${count(f.noShows)}次`} />
          <Figure label='志愿服务时长' value={hours(f.volunteerHours)} note='小时' />
          <Figure label='活跃志愿者' value={count(f.activeVolunteers)} note='人' />
          <Figure label='课程完成' value={count(f.completions)} note='人次' />
          <Figure label='组织生活覆盖率' value={percent(f.branchCoverage)} note='本季度' />
          <Figure label='活动场次/参加人次' value={`${count(f.activitiesHeld)}/${count(f.attendance)}`} note='场/人次' />
          <Figure label='社会组织数' value={count(f.organizations)} note='个' />
        </View>

        <Section title='场地使用（按月）' note='柱子是预约时长，折线是使用率'>
          <Chart id='chart-venue-use' height={chartHeight(elder)} spec={venueUseSpec(dash, elder)} deps={[dash, elder]} />
          <DataTable
            caption='场地使用（按月）'
            rows={dash.months}
            rowKey={(m) => m.month}
            columns={[
              monthColumn(dash),
              { title: '预约小时', cell: (m) => hours(m.bookedHours), numeric: true },
              { title: '使用率', cell: (m) => percent(m.useRate), numeric: true },
              { title: '预约次数', cell: (m) => count(m.bookings), numeric: true },
              { title: '爽约率', cell: (m) => percent(m.noShowRate), numeric: true },
            ]}
            {...downloadProps('months')}
          />
        </Section>

        {dash.streets.length > 1 ? (
          <Section title='各街道场地使用' note='按预约时长排列'>
            <Chart
              id='chart-streets'
              height={chartHeight(elder, dash.streets.length)}
              spec={barSpec(
                streets.map((s) => s.streetName),
                streets.map((s) => s.bookedHours),
                '预约时长（小时）',
                elder,
              )}
              deps={[dash, elder]}
            />
            <DataTable
              caption='各街道统计'
              rows={streets}
              rowKey={(s) => s.streetId}
              columns={[
                { title: '街道', cell: (s) => s.streetName },
                { title: '预约小时', cell: (s) => hours(s.bookedHours), numeric: true },
                { title: '使用率', cell: (s) => percent(s.useRate), numeric: true },
                { title: '服务小时', cell: (s) => hours(s.volunteerHours), numeric: true },
              ]}
              {...downloadProps('streets')}
            />
          </Section>
        ) : null}

        <Section title='最忙的时段' note='一天里各个钟点的预约时长（北京时间）'>
          {dash.hours.length > 0 ? (
            <Chart
              id='chart-hours'
              height={chartHeight(elder)}
              spec={columnSpec(
                dash.hours.map((h) => `${h.hour}时`),
                [{ name: '预约时长（小时）', data: dash.hours.map((h) => h.bookedHours) }],
                elder,
              )}
              deps={[dash, elder]}
            />
          ) : null}
          <DataTable
            caption='最忙的时段'
            rows={dash.hours}
            rowKey={(h) => String(h.hour)}
            columns={[
              { title: '时段', cell: (h) => `${h.hour}:00–${h.hour + 1}:00` },
              { title: '预约小时', cell: (h) => hours(h.bookedHours), numeric: true },
            ]}
            {...downloadProps('hours')}
          />
        </Section>

        <Section title='最忙的场地' note='预约时长最多的十个场地'>
          {dash.venues.length > 0 ? (
            <Chart
              id='chart-venues'
              height={chartHeight(elder, dash.venues.length)}
              spec={barSpec(
                dash.venues.map((v) => v.name),
                dash.venues.map((v) => v.bookedHours),
                '预约时长（小时）',
                elder,
              )}
              deps={[dash, elder]}
            />
          ) : null}
          <DataTable
            caption='最忙的场地'
            rows={dash.venues}
            rowKey={(v) => v.venueId}
            columns={[
              { title: '场地', cell: (v) => v.name },
              { title: '预约小时', cell: (v) => hours(v.bookedHours), numeric: true },
              { title: '使用率', cell: (v) => percent(v.useRate), numeric: true },
            ]}
            {...downloadProps('venues')}
          />
        </Section>

        <Section title='志愿服务时长（按月）'>
          <Chart
            id='chart-volunteer'
            height={chartHeight(elder)}
            spec={columnSpec(
              dash.months.map((m) => `${Number(m.month.slice(5, 7))}月`),
              [{ name: '服务时长（小时）', data: dash.months.map((m) => m.volunteerHours) }],
              elder,
            )}
            deps={[dash, elder]}
          />
          <DataTable
            caption='志愿服务时长（按月）'
            rows={dash.months}
            rowKey={(m) => m.month}
            columns={[
              monthColumn(dash),
              { title: '服务小时', cell: (m) => hours(m.volunteerHours), numeric: true },
              { title: '活跃志愿者', cell: (m) => count(m.activeVolunteers), numeric: true },
            ]}
            {...downloadProps('months')}
          />
        </Section>

        <Section title='课程完成与活动（按月）'>
          <Chart
            id='chart-learning'
            height={chartHeight(elder)}
            spec={columnSpec(
              dash.months.map((m) => `${Number(m.month.slice(5, 7))}月`),
              [
                { name: '课程完成（人次）', data: dash.months.map((m) => m.completions) },
                { name: '活动（场）', data: dash.months.map((m) => m.activitiesHeld) },
              ],
              elder,
            )}
            deps={[dash, elder]}
          />
          <DataTable
            caption='课程完成与活动（按月）'
            rows={dash.months}
            rowKey={(m) => m.month}
            columns={[
              monthColumn(dash),
              { title: '课程完成', cell: (m) => count(m.completions), numeric: true },
              { title: '活动场次', cell: (m) => count(m.activitiesHeld), numeric: true },
              { title: '参加人次', cell: (m) => count(m.attendance), numeric: true },
            ]}
            {...downloadProps('months')}
          />
        </Section>

        <Section title='社会组织（按类型）'>
          {totalOrgs > 0 ? (
            <Chart
              id='chart-org-kinds'
              height={chartHeight(elder)}
              spec={ringSpec(
                dash.orgs.byKind.map((k) => ({ name: k.label || ORG_KIND_LABELS[k.kind], value: k.count })),
                { big: String(totalOrgs), small: '个组织' },
                elder,
              )}
              deps={[dash, elder]}
            />
          ) : null}
          <DataTable
            caption='社会组织（按类型）'
            rows={dash.orgs.byKind}
            rowKey={(k) => k.kind}
            columns={[
              { title: '类型', cell: (k) => k.label || ORG_KIND_LABELS[k.kind] },
              { title: '数量（个）', cell: (k) => count(k.count), numeric: true },
            ]}
            {...downloadProps('orgs')}
          />
        </Section>

        <Section title='党组织覆盖' note={`30人以上的组织${dash.orgs.large}个，已建党组织${dash.orgs.largeCovered}个`}>
          {totalOrgs > 0 ? (
            <Chart
              id='chart-party'
              height={chartHeight(elder)}
              spec={ringSpec(party, { big: percent(totalOrgs ? covered / totalOrgs : null), small: '已覆盖' }, elder)}
              deps={[dash, elder]}
            />
          ) : null}
          <DataTable
            caption='党组织覆盖'
            rows={party}
            rowKey={(p) => p.name}
            columns={[
              { title: '党组织', cell: (p) => p.label },
              { title: '组织数', cell: (p) => count(p.value), numeric: true },
              { title: '占比', cell: (p) => percent(totalOrgs ? p.value / totalOrgs : null), numeric: true },
            ]}
            {...downloadProps('orgs')}
          />
        </Section>

        <Section title='党支部组织生活覆盖' note='本季度完成至少一节课程的党员占比，党员多的支部在前'>
          <DataTable
            caption='党支部组织生活覆盖'
            rows={[...dash.branches].sort((a, b) => b.members - a.members)}
            rowKey={(b) => b.branchId}
            limit={10}
            emptyText='这里还没有党支部'
            columns={[
              { title: '党支部', cell: (b) => b.name },
              { title: '党员', cell: (b) => count(b.members), numeric: true },
              { title: '已完成', cell: (b) => count(b.covered), numeric: true },
              { title: '覆盖率', cell: (b) => percent(b.rate), numeric: true },
            ]}
            {...downloadProps('branches')}
          />
        </Section>
      </>
    );
  };

  const denied = page.viewer?.kind === 'none';
  return (
    <Screen className='dash'>
      <StateView
        loading={page.viewerLoading}
        error={page.viewerError}
        empty={!page.viewer || denied}
        emptyText='数据看板只给区、街道的管理员使用。您还没有这个权限，如需开通，请联系区社会组织党委。'
        emptyAction={{ label: '回到「我的」', onTap: () => void Taro.switchTab({ url: '/pages/me/index' }) }}
        onRetry={page.reload}
      >
        {rangePicker}
        {page.range ? (
          <StateView loading={page.dashboard.loading} error={page.dashboard.error} empty={!d} emptyText='' onRetry={page.dashboard.reload}>
            {d ? body(d) : null}
          </StateView>
        ) : null}
      </StateView>
    </Screen>
  );
}
