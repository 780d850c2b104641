import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import type { OrgKind, PartyMode } from '../../../../../types';
import { ORG_KIND_LABELS, OrgKinds, PartyModes } from '../../../../../types/org-rules';
import { Screen } from '../../../../components/Screen';
import { StateView } from '../../../../components/StateView';
import { Chip } from '../../../../components/VenueFilters';
import { queryValue } from '../../../../components/booking/params';
import { OrgCard, PARTY_BADGE } from '../../../../components/org/OrgCard';
import { useAreas } from '../../../../hooks/useAreas';
import { useOrgAdmin, useOrgList } from '../../../../hooks/useOrg';
import { useReloadOnReturn } from '../../../../hooks/useReloadOnReturn';
import { routes } from '../../../../services/routes';
import '../../../../components/chips.css';
import '../../../../components/org/org.css';

/**
 * 社会组织: the register — by street (?streetId= opens one), kind and how its party work is organized, a name search;
 * 20 at a time with 加载更多 and the total. Admins add an organization here.
 */
export default function OrgListPage() {
  const { params } = useRouter();
  const [streetId, setStreetId] = useState<string | undefined>(queryValue(params.streetId));
  const [kind, setKind] = useState<OrgKind | undefined>(undefined);
  const [party, setParty] = useState<PartyMode | undefined>(undefined);
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState<string | undefined>(undefined);
  const areas = useAreas();
  const admin = useOrgAdmin();
  const list = useOrgList({ streetId, kind, party, q });
  useReloadOnReturn(list.reload);

  const filtered = streetId !== undefined || kind !== undefined || party !== undefined || q !== undefined;
  const clear = () => {
    setStreetId(undefined);
    setKind(undefined);
    setParty(undefined);
    setTyped('');
    setQ(undefined);
  };
  const search = () => setQ(typed.trim() ? typed.trim().slice(0, 20) : undefined);
  const go = (url: string) => () => void Taro.navigateTo({ url });
  const streetName = areas.data?.find((s) => s.id === streetId)?.name;

  return (
    <Screen className='org-list'>
      <View className='olist__top'>
        <View className='olist__lead'>
          <Text className='olist__title'>社会组织</Text>
          <Text className='olist__sub'>全区登记的社会组织和它们的党组织</Text>
        </View>
        {admin ? (
          <Button className='btn-primary olist__add' onClick={go(routes.orgEdit())}>
            新增组织
          </Button>
        ) : null}
      </View>

      <View className='osearch' role='search'>
        <Input
          className='osearch__input'
          value={typed}
          maxlength={20}
          confirmType='search'
          placeholder='输入组织名称查找'
          aria-label='输入组织名称查找'
          onInput={(e) => setTyped(e.detail.value)}
          onConfirm={search}
        />
        <Button className='btn-primary osearch__btn' onClick={search}>
          查找
        </Button>
      </View>

      <View className='card ofilters' role='region' aria-label='筛选社会组织'>
        <Text className='ofilters__title'>所在街道</Text>
        <View className='chips' role='tablist' aria-label='所在街道'>
          <Chip on={!streetId} label='全区' onTap={() => setStreetId(undefined)} />
          {(areas.data ?? []).map((s) => (
            <Chip key={s.id} on={s.id === streetId} label={s.name.replace(/街道$/, '')} onTap={() => setStreetId(s.id)} />
          ))}
        </View>
        {areas.error ? <Text className='muted'>{areas.error}</Text> : null}
        <Text className='ofilters__title'>组织类型</Text>
        <View className='chips' role='tablist' aria-label='组织类型'>
          <Chip on={!kind} label='不限' onTap={() => setKind(undefined)} />
          {OrgKinds.map((k) => (
            <Chip key={k} on={k === kind} label={ORG_KIND_LABELS[k]} onTap={() => setKind(k)} />
          ))}
        </View>
        <Text className='ofilters__title'>党组织</Text>
        <View className='chips' role='tablist' aria-label='党组织'>
          <Chip on={!party} label='不限' onTap={() => setParty(undefined)} />
          {PartyModes.map((m) => (
            <Chip key={m} on={m === party} label={PARTY_BADGE[m]} onTap={() => setParty(m)} />
          ))}
        </View>
      </View>

      <Button className='btn-secondary olist__more' onClick={go(routes.partyOrgs(streetId))}>
        {streetName ? `看看${streetName}的党组织` : '看看全区的党组织'}
      </Button>

      <StateView
        loading={list.loading}
        error={list.error}
        empty={list.items.length === 0}
        emptyText={filtered ? '没有找到符合条件的组织，换个条件试试。' : '还没有登记的社会组织。'}
        onRetry={list.reload}
        emptyAction={filtered ? { label: '看看全部组织', onTap: clear } : undefined}
      >
        <View className='olist__total' role='status'>
          <Text>{q ? `名称含「${q}」的组织共${list.total}个` : `共${list.total}个组织`}</Text>
        </View>
        {list.items.map((o) => (
          <OrgCard key={o.id} org={o} onOpen={go(routes.org(o.id))} />
        ))}
        {list.moreError ? <Text className='muted olist__end'>{list.moreError}</Text> : null}
        {list.more ? (
          <Button className={`btn-secondary olist__more ${list.loadingMore ? 'is-disabled' : ''}`} onClick={list.loadMore}>
            {list.loadingMore ? '正在加载…' : `加载更多（还有${list.total - list.items.length}个）`}
          </Button>
        ) : (
          <Text className='muted olist__end'>已经全部显示了</Text>
        )}
      </StateView>
    </Screen>
  );
}
