import { useState } from 'react';
import { Button, Input, Picker, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import type { PartyOrgKind, PartyOrgView } from '../../../../../types';
import { choice, fieldClass, fieldError } from '../../../../components/form-fields';
import { Screen } from '../../../../components/Screen';
import { StateView } from '../../../../components/StateView';
import { Chip } from '../../../../components/VenueFilters';
import { queryValue } from '../../../../components/booking/params';
import { OrgMultiPicker, type PickedOrg } from '../../../../components/org/OrgMultiPicker';
import { useAreas } from '../../../../hooks/useAreas';
import { useOrgAdmin, usePartyOrgs, type OrgAdmin } from '../../../../hooks/useOrg';
import { useReloadOnReturn } from '../../../../hooks/useReloadOnReturn';
import { CallError, newRequestId } from '../../../../services/client';
import { done } from '../../../../services/dialog';
import { messageFor } from '../../../../services/messages';
import { orgService } from '../../../../services/org';
import { routes } from '../../../../services/routes';
import '../../../../components/booking/booking.css';
import '../../../../components/steward/steward.css';
import '../../../../components/organizer/organizer.css';
import '../../../../components/chips.css';
import '../../../../components/org/org.css';

const KIND_LABELS: Record<PartyOrgKind, string> = { own: '单独组建', joint: '联合党支部' };
const DISTRICT = '区级（不属于某个街道）';

interface Draft {
  partyOrgId?: string;
  name: string;
  kind: PartyOrgKind;
  /** null = district level (district admins only). */
  streetId: string | null;
  orgs: PickedOrg[];
}
type DraftField = 'name' | 'kind' | 'street' | 'orgs';

const mayEdit = (admin: OrgAdmin, p: PartyOrgView) => !!admin && (admin.all || p.streetId === admin.streetId);

/** The form of a party organization (新建 / 编辑): name, own or joint, street (or 区级), member organizations. */
function PartyOrgEditor({ draft: initial, admin, onSaved, onCancel }: { draft: Draft; admin: NonNullable<OrgAdmin>; onSaved: () => void; onCancel: () => void }) {
  const areas = useAreas();
  const [d, setD] = useState<Draft>(initial);
  const [errors, setErrors] = useState<Partial<Record<DraftField, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [requestId, setRequestId] = useState(newRequestId);
  const streets = areas.data ?? [];
  const streetOptions = [{ id: null as string | null, name: DISTRICT }, ...streets.map((s) => ({ id: s.id, name: s.name }))];
  const streetName = d.streetId === null ? DISTRICT : (streets.find((s) => s.id === d.streetId)?.name ?? '');
  const patch = (p: Partial<Draft>, f: DraftField) => {
    setD((x) => ({ ...x, ...p }));
    setErrors((e) => ({ ...e, [f]: undefined }));
  };

  const save = async () => {
    if (busy) return;
    const errs: Partial<Record<DraftField, string>> = {};
    if (d.name.trim().length < 4) errs.name = d.name.trim() ? '党组织名称至少4个字' : '请填写党组织名称';
    if (d.orgs.length === 0) errs.orgs = '请至少选择一个社会组织';
    else if (d.kind === 'own' && d.orgs.length > 1) errs.orgs = messageFor(new CallError({ code: 'ORG.PARTY_OWN_ONE', message: '' }));
    setErrors(errs);
    if (Object.keys(errs).length > 0) {
      setFormError('有几项需要修改，请看红字提示');
      return;
    }
    setFormError(null);
    setBusy(true);
    try {
      await orgService.savePartyOrg(
        { ...(d.partyOrgId ? { partyOrgId: d.partyOrgId } : {}), name: d.name.trim(), kind: d.kind, streetId: d.streetId, orgIds: d.orgs.map((o) => o.id) },
        requestId,
      );
      setRequestId(newRequestId());
      done('党组织已保存');
      onSaved();
    } catch (e) {
      if (!(e instanceof CallError) || e.code !== 'UNAVAILABLE') setRequestId(newRequestId());
      const fields = e instanceof CallError ? (e.fields ?? {}) : {};
      const named: Partial<Record<DraftField, string>> = {};
      for (const [path, message] of Object.entries(fields)) {
        const f: DraftField | null = path === 'name' ? 'name' : path === 'kind' ? 'kind' : path.startsWith('orgIds') ? 'orgs' : path === 'streetId' ? 'street' : null;
        if (f && !named[f]) named[f] = /[\u4e00-\u9fa5]/.test(message) ? message : '这一项填写有误';
      }
      if (e instanceof CallError && e.code === 'ORG.PARTY_OWN_ONE') named.orgs = messageFor(e);
      if (e instanceof CallError && e.code === 'ADMIN.AREA_UNKNOWN') named.street = messageFor(e);
      if (Object.keys(named).length > 0) {
        setErrors(named);
        setFormError('有几项需要修改，请看红字提示');
      } else setFormError(messageFor(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className={`card shift-form ${busy ? 'book__form--busy' : ''}`} role='region' aria-label={d.partyOrgId ? '编辑党组织' : '新建党组织'}>
      <Text className='section-title'>{d.partyOrgId ? '编辑党组织' : '新建党组织'}</Text>
      <View className={fieldClass(errors.name)}>
        <Text className='field__label'>党组织名称</Text>
        <Input className='field__input' value={d.name} maxlength={40} placeholder='例如：向阳街道社会组织联合党支部' aria-label='党组织名称' onInput={(e) => patch({ name: e.detail.value }, 'name')} />
        {fieldError(errors.name)}
      </View>
      <View className={fieldClass(errors.kind)}>
        <Text className='field__label'>怎么组建</Text>
        <View className='shift-form__choices' role='radiogroup' aria-label='怎么组建'>
          {choice(d.kind === 'own', '单独组建（一个组织）', () => patch({ kind: 'own' }, 'kind'))}
          {choice(d.kind === 'joint', '联合党支部（几个组织）', () => patch({ kind: 'joint' }, 'kind'))}
        </View>
        {fieldError(errors.kind)}
      </View>
      <View className={fieldClass(errors.street)}>
        <Text className='field__label'>所属街道</Text>
        {admin.all ? (
          <Picker
            mode='selector'
            range={streetOptions.map((s) => s.name)}
            value={Math.max(0, streetOptions.findIndex((s) => s.id === d.streetId))}
            onChange={(e) => patch({ streetId: streetOptions[Number(e.detail.value)]?.id ?? null, orgs: [] }, 'street')}
          >
            <View className='picker-field' role='button' aria-label={`所属街道 ${streetName}，点按更改`}>
              <Text className='picker-field__value'>{streetName}</Text>
              <Text className='picker-field__more'>更改</Text>
            </View>
          </Picker>
        ) : (
          <Text className='field__hint'>{streetName}</Text>
        )}
        {fieldError(errors.street)}
      </View>
      <View className={fieldClass(errors.orgs)}>
        <Text className='field__label'>{d.kind === 'own' ? '是哪个社会组织的党组织' : '包含哪些社会组织'}</Text>
        <Text className='field__hint'>已经属于别的党组织的组织，选进来后会转到这里。</Text>
        <OrgMultiPicker streetId={d.streetId ?? undefined} picked={d.orgs} max={d.kind === 'own' ? 1 : 100} onChange={(orgs) => patch({ orgs }, 'orgs')} />
        {fieldError(errors.orgs)}
      </View>
      {formError ? (
        <View role='alert'>
          <Text className='form-error'>{formError}</Text>
        </View>
      ) : null}
      <View className='oactions'>
        <Button className={`btn-primary steward-main ${busy ? 'is-disabled' : ''}`} onClick={() => void save()}>
          {busy ? '正在保存…' : '保存党组织'}
        </Button>
        <Button className='btn-secondary' onClick={onCancel}>
          不保存，返回
        </Button>
      </View>
    </View>
  );
}

/**
 * 党组织: the party organizations (own or joint) of a street (?streetId=) or the whole district, with their member
 * organizations, secretary and how many party members; admins create and edit those in their scope.
 */
export default function OrgPartyPage() {
  const { params } = useRouter();
  const [streetId, setStreetId] = useState<string | undefined>(queryValue(params.streetId));
  const areas = useAreas();
  const admin = useOrgAdmin();
  const list = usePartyOrgs(streetId);
  useReloadOnReturn(list.reload);
  const [editing, setEditing] = useState<Draft | null>(null);
  const items = list.data ?? [];
  const go = (url: string) => () => void Taro.navigateTo({ url });

  const startNew = () => {
    if (!admin) return;
    setEditing({ name: '', kind: 'joint', streetId: admin.all ? (streetId ?? null) : admin.streetId, orgs: [] });
  };
  const startEdit = (p: PartyOrgView) => setEditing({ partyOrgId: p.id, name: p.name, kind: p.kind, streetId: p.streetId, orgs: p.organizations });

  if (editing && admin) {
    return (
      <Screen className='org-party'>
        <PartyOrgEditor
          draft={editing}
          admin={admin}
          onCancel={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            list.reload();
          }}
        />
      </Screen>
    );
  }

  return (
    <Screen className='org-party'>
      <View className='olist__top'>
        <View className='olist__lead'>
          <Text className='olist__title'>党组织</Text>
          <Text className='olist__sub'>社会组织单独组建和联合组建的党组织</Text>
        </View>
        {admin ? (
          <Button className='btn-primary olist__add' onClick={startNew}>
            新建党组织
          </Button>
        ) : null}
      </View>
      <View className='card ofilters' role='region' aria-label='选择街道'>
        <Text className='ofilters__title'>所在街道</Text>
        <View className='chips' role='tablist' aria-label='所在街道'>
          <Chip on={!streetId} label='全区' onTap={() => setStreetId(undefined)} />
          {(areas.data ?? []).map((s) => (
            <Chip key={s.id} on={s.id === streetId} label={s.name.replace(/街道$/, '')} onTap={() => setStreetId(s.id)} />
          ))}
        </View>
      </View>
      <StateView loading={list.loading} error={list.error} empty={items.length === 0} emptyText='这里还没有党组织。' onRetry={list.reload}>
        <View className='olist__total' role='status'>
          <Text>{`共${items.length}个党组织`}</Text>
        </View>
        {items.map((p) => (
          <View key={p.id} className='card pcard'>
            <View className='obadges'>
              <Text className={`obadge obadge--${p.kind}`}>{`★ ${KIND_LABELS[p.kind]}`}</Text>
              <Text className='obadge'>{p.streetName ?? '区级'}</Text>
            </View>
            <Text className='pcard__name'>{p.name}</Text>
            <Text className='pcard__line'>{`书记：${p.secretary ?? '暂未登记'}`}</Text>
            <Text className='pcard__line'>{`党员：${p.members}人`}</Text>
            <Text className='pcard__line'>{`包含${p.organizations.length}个社会组织：`}</Text>
            <View className='pcard__orgs'>
              {p.organizations.map((o) => (
                <View key={o.id} className='pcard__org' role='link' onClick={go(routes.org(o.id))}>
                  <Text>{o.name}</Text>
                </View>
              ))}
            </View>
            {mayEdit(admin, p) ? (
              <Button className='btn-secondary pcard__edit' onClick={() => startEdit(p)}>
                编辑党组织
              </Button>
            ) : null}
          </View>
        ))}
      </StateView>
    </Screen>
  );
}
