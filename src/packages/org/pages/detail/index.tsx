import { useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import type { OrgDetail, OrgSummary } from '../../../../../types';
import { ORG_SIZE_LABELS, PARTY_MODE_LABELS } from '../../../../../types/org-rules';
import { clockOf, dateOf, longDate, shortDateTime } from '../../../../../types/date-format';
import { Screen } from '../../../../components/Screen';
import { StateView } from '../../../../components/StateView';
import { goBack, queryValue } from '../../../../components/booking/params';
import { runIntent } from '../../../../components/activity/intent';
import { MergePicker } from '../../../../components/org/MergePicker';
import { PartyBadge, placeOf, VerifyBadge } from '../../../../components/org/OrgCard';
import { useOrg } from '../../../../hooks/useOrg';
import { useReloadOnReturn } from '../../../../hooks/useReloadOnReturn';
import { ask, done, tell } from '../../../../services/dialog';
import { messageFor } from '../../../../services/messages';
import { orgService } from '../../../../services/org';
import { routes } from '../../../../services/routes';
import '../../../../components/org/org.css';

/** One line of the profile: a label and its words. */
function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <View className='odetail__row'>
      <Text className='odetail__label'>{label}</Text>
      <View className='odetail__value'>{children}</View>
    </View>
  );
}

/** One decimal at most: 12 / 12.5. */
const hoursText = (h: number) => `${Math.round(h * 10) / 10}`;

/** 「已合并到…」: the organization kept, with a way to it. */
function MergedNotice({ into }: { into: string }) {
  const kept = useOrg(into);
  const name = kept.data?.name;
  return (
    <View className='card onotice' role='note'>
      <Text className='onotice__title'>{name ? `这条记录已合并到「${name}」` : '这条记录已和另一条重复记录合并'}</Text>
      <Text className='onotice__text'>合并后的组织资料、活动和成员都在那一条里。</Text>
      <View className='oactions-col'>
        <Button className='btn-primary' onClick={() => void Taro.redirectTo({ url: routes.org(into) })}>
          {name ? `打开「${name}」` : '打开合并后的组织'}
        </Button>
      </View>
    </View>
  );
}

/**
 * 组织详情: the profile (kind, size, street and community, services, intro, leader with a masked phone, 党建指导员, its
 * party organization), its activities, volunteer hours and venue use of the last 12 months, and what the caller may do —
 * 我是负责人，认领; 编辑资料; for the street's admin 核实资料, 同意/不同意认领, 合并重复记录.
 */
export default function OrgDetailPage() {
  const { params } = useRouter();
  const orgId = queryValue(params.orgId) ?? '';
  const view = useOrg(orgId);
  useReloadOnReturn(view.reload);
  const [busy, setBusy] = useState(false);
  const [merging, setMerging] = useState(false);
  const o = view.data ?? null;
  const go = (url: string) => () => void Taro.navigateTo({ url });

  /** Runs one action under its own request id, says the outcome, and shows the page as it is now. */
  const act = async <T,>(run: (requestId: string) => Promise<T>, success: (r: T) => void, failTitle: string) => {
    if (busy) return;
    setBusy(true);
    try {
      success(await runIntent(run));
    } catch (e) {
      await tell(failTitle, messageFor(e));
    } finally {
      setBusy(false);
      view.reload();
    }
  };

  const claim = async (d: OrgDetail) => {
    const ok = await ask({
      title: '认领这个组织',
      content: `您是「${d.name}」的负责人吗？\n如果您登记的手机号就是组织登记的负责人电话，马上就能认领；否则要等街道核实。`,
      confirmText: '我是负责人',
      cancelText: '再想想',
    });
    if (!ok) return;
    await act(
      (requestId) => orgService.claim(d.id, requestId),
      (r) =>
        r.claim === 'claimed'
          ? void tell('认领成功', '您现在是这个组织的负责人，可以编辑组织资料，也可以用组织的名义预约场地。')
          : void tell('已提交认领', '街道工作人员核实后会通过，到时会发消息告诉您。'),
      '没有认领成功',
    );
  };

  const verify = async (d: OrgDetail) => {
    const ok = await ask({ title: '核实组织资料', content: `确认「${d.name}」的资料已经核实无误吗？`, confirmText: '已核实', cancelText: '再看看' });
    if (!ok) return;
    await act((requestId) => orgService.verify(d.id, undefined, requestId), () => done('已核实'), '没有核实成功');
  };

  const decide = async (d: OrgDetail, accept: boolean) => {
    const who = d.pendingClaim?.nickname ?? '申请人';
    const ok = await ask(
      accept
        ? { title: '同意认领', content: `同意${who}成为「${d.name}」的负责人吗？同意后组织资料也一并核实。`, confirmText: '同意', cancelText: '再想想' }
        : { title: '不同意认领', content: `不同意${who}认领「${d.name}」吗？`, confirmText: '不同意', cancelText: '再想想', danger: true },
    );
    if (!ok) return;
    await act((requestId) => orgService.verify(d.id, accept ? 'accept' : 'reject', requestId), () => done(accept ? '已同意认领' : '已不同意认领'), '没有办成');
  };

  const merge = async (d: OrgDetail, drop: OrgSummary) => {
    const ok = await ask({
      title: '合并重复记录',
      content: `把「${drop.name}」合并到「${d.name}」吗？\n「${drop.name}」的成员和负责人都转到「${d.name}」，原记录不再显示。合并后不能撤回。`,
      confirmText: '合并',
      cancelText: '再想想',
      danger: true,
    });
    if (!ok) return;
    await act(
      (requestId) => orgService.merge(d.id, drop.id, requestId),
      (r) => {
        setMerging(false);
        done(r.movedPeople > 0 ? `已合并，转来${r.movedPeople}人` : '已合并');
      },
      '没有合并成功',
    );
  };

  return (
    <Screen className='org-detail'>
      <StateView
        loading={view.loading}
        error={view.error}
        empty={!o}
        emptyText='没有找到这个社会组织。'
        onRetry={view.reload}
        emptyAction={{ label: '看看全部组织', onTap: () => void Taro.redirectTo({ url: routes.orgList() }) }}
      >
        {o ? (
          <>
            {o.mergedInto ? <MergedNotice into={o.mergedInto} /> : null}
            <View className='card odetail__head'>
              <View className='obadges'>
                <Text className='obadge'>{o.kindLabel}</Text>
                <PartyBadge mode={o.party.mode} />
                {o.verification === 'verified' ? <Text className='obadge obadge--verified'>✓ 街道已核实</Text> : <VerifyBadge verification={o.verification} />}
              </View>
              <Text className='odetail__name'>{o.name}</Text>
              <Row label='所在地'>
                <Text>{placeOf(o)}</Text>
              </Row>
              <Row label='人员规模'>
                <Text>{ORG_SIZE_LABELS[o.sizeBand]}</Text>
              </Row>
              {o.services.length > 0 ? (
                <Row label='服务项目'>
                  <Text>{o.services.join('、')}</Text>
                </Row>
              ) : null}
              <Row label='负责人'>
                <Text>{o.leaderPhoneMasked ? `${o.leaderName}（${o.leaderPhoneMasked}）` : o.leaderName}</Text>
              </Row>
              <Row label='党建指导员'>
                <Text>{o.instructor ?? '暂未安排'}</Text>
              </Row>
              <Row label='党组织'>
                {o.party.partyOrgName ? (
                  <View className='odetail__link' role='link' onClick={go(routes.partyOrgs(o.streetId))}>
                    <Text>{`${o.party.partyOrgName}（${PARTY_MODE_LABELS[o.party.mode]}）`}</Text>
                  </View>
                ) : (
                  <Text>{PARTY_MODE_LABELS[o.party.mode]}</Text>
                )}
              </Row>
            </View>

            {o.myClaim === 'pending' ? (
              <View className='card onotice' role='status'>
                <Text className='onotice__title'>您的认领正在等街道核实</Text>
                <Text className='onotice__text'>核实通过后会发消息告诉您。</Text>
              </View>
            ) : null}
            {o.myClaim === 'claimed' ? (
              <View className='card onotice onotice--ok' role='status'>
                <Text className='onotice__title'>✓ 您是这个组织的负责人</Text>
                <Text className='onotice__text'>可以编辑组织资料，也可以用组织的名义预约场地。</Text>
              </View>
            ) : null}
            {o.pendingClaim && o.can.verify ? (
              <View className='card onotice' role='region' aria-label='认领申请'>
                <Text className='onotice__title'>有人申请认领这个组织</Text>
                <Text className='onotice__text'>
                  {`${o.pendingClaim.nickname ?? '一位居民'}${o.pendingClaim.phoneMasked ? `（${o.pendingClaim.phoneMasked}）` : ''}，${shortDateTime(o.pendingClaim.at)}申请。请先和组织核对，再决定。`}
                </Text>
                <View className='oactions-row'>
                  <Button className={`btn-primary ${busy ? 'is-disabled' : ''}`} onClick={() => void decide(o, true)}>
                    同意认领
                  </Button>
                  <Button className={`btn-secondary ${busy ? 'is-disabled' : ''}`} onClick={() => void decide(o, false)}>
                    不同意
                  </Button>
                </View>
              </View>
            ) : null}

            {!o.mergedInto && ((o.can.claim && !o.pendingClaim) || o.can.edit || o.can.verify) ? (
              <View className='oactions-col'>
                {o.can.claim && !o.pendingClaim ? (
                  <Button className={`btn-primary ${busy ? 'is-disabled' : ''}`} onClick={() => void claim(o)}>
                    {busy ? '请稍候…' : '我是负责人，认领'}
                  </Button>
                ) : null}
                {o.can.verify && o.verification !== 'verified' ? (
                  <Button className={`btn-primary ${busy ? 'is-disabled' : ''}`} onClick={() => void verify(o)}>
                    {busy ? '请稍候…' : '核实资料'}
                  </Button>
                ) : null}
                {o.can.edit ? (
                  <Button className='btn-secondary' onClick={go(routes.orgEdit(o.id))}>
                    编辑资料
                  </Button>
                ) : null}
                {o.can.verify && !merging ? (
                  <Button className='btn-secondary' onClick={() => setMerging(true)}>
                    合并重复记录
                  </Button>
                ) : null}
              </View>
            ) : null}
            {merging && o.can.verify ? <MergePicker keep={o} onPick={(drop) => void merge(o, drop)} onClose={() => setMerging(false)} /> : null}

            <View className='card'>
              <Text className='section-title'>近12个月</Text>
              <View className='ofigures'>
                <View className='ofigure'>
                  <Text className='ofigure__value'>{`${hoursText(o.volunteerHours)}小时`}</Text>
                  <Text className='ofigure__label'>成员志愿服务时长</Text>
                </View>
                <View className='ofigure'>
                  <Text className='ofigure__value'>{`${o.venueUse.bookings}次`}</Text>
                  <Text className='ofigure__label'>{`预约场地，共${hoursText(o.venueUse.hours)}小时`}</Text>
                </View>
              </View>
            </View>

            {o.intro ? (
              <View className='card'>
                <Text className='section-title'>组织简介</Text>
                <Text className='odetail__intro'>{o.intro}</Text>
              </View>
            ) : null}

            <View className='card' role='region' aria-label='组织的活动'>
              <Text className='section-title'>组织的活动</Text>
              {o.activities.length === 0 ? <Text className='muted'>还没有发布过活动</Text> : null}
              {o.activities.map((a) => (
                <View key={a.id} className='oactivity' role='button' aria-label={`${a.title}，查看活动`} onClick={go(routes.activity(a.id))}>
                  <Text className='oactivity__title'>{a.title}</Text>
                  <Text className='oactivity__when'>{`${a.typeLabel} · ${longDate(dateOf(a.start))} ${clockOf(a.start)}`}</Text>
                </View>
              ))}
            </View>
            <Button className='btn-secondary olist__more' onClick={() => goBack(routes.orgList(o.streetId))}>
              看看其他组织
            </Button>
          </>
        ) : null}
      </StateView>
    </Screen>
  );
}
