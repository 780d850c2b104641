import { useEffect, useState } from 'react';
import { Button, Input, Picker, Text, Textarea, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import type { OrgDetail } from '../../../../../types';
import { ORG_KIND_LABELS, ORG_SIZE_LABELS, OrgKinds, OrgSizeBands } from '../../../../../types/org-rules';
import { choice, fieldError, fieldClass } from '../../../../components/form-fields';
import { Screen } from '../../../../components/Screen';
import { StateView } from '../../../../components/StateView';
import { queryValue } from '../../../../components/booking/params';
import { checkOrgForm, COMMON_SERVICES, emptyOrgForm, orgErrorsOf, orgFormOf, orgProfileOf, type OrgErrors, type OrgField, type OrgForm } from '../../../../components/org/form';
import { useAreas } from '../../../../hooks/useAreas';
import { useOrg, useOrgAdmin } from '../../../../hooks/useOrg';
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

const FIX_THESE = '有几项需要修改，请看红字提示';
const MAX_SERVICES = 10;

/**
 * 编辑组织信息 (?orgId= an organization: its leader or an admin) / 新增组织 (no orgId: admins). Field problems are said
 * at the field — the form's own checks, the server's INPUT.INVALID and a CONTENT.REJECTED at the field it names; saved,
 * back to the organization's page.
 */
export default function OrgEditPage() {
  const { params } = useRouter();
  const orgId = queryValue(params.orgId) || undefined;
  const org = useOrg(orgId ?? '');
  const areas = useAreas();
  const admin = useOrgAdmin();
  const [form, setForm] = useState<OrgForm | null>(orgId ? null : emptyOrgForm());
  const [errors, setErrors] = useState<OrgErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [requestId, setRequestId] = useState(newRequestId);
  const [serviceDraft, setServiceDraft] = useState('');

  useEffect(() => {
    void Taro.setNavigationBarTitle({ title: orgId ? '编辑组织信息' : '新增组织' });
  }, [orgId]);
  useEffect(() => {
    if (org.data) setForm(orgFormOf(org.data));
  }, [org.data]);
  // A street admin adds organizations of their own street.
  useEffect(() => {
    if (!orgId && admin && !admin.all) setForm((f) => (f && !f.streetId ? { ...f, streetId: admin.streetId } : f));
  }, [orgId, admin?.all, admin && !admin.all ? admin.streetId : null]);

  const streets = areas.data ?? [];
  // Only a district admin moves an organization to another street (or picks any street for a new one).
  const streetFixed = admin?.all !== true && (orgId !== undefined || admin !== null);
  const street = streets.find((s) => s.id === form?.streetId);
  const communities = street?.communities ?? [];
  const community = communities.find((c) => c.id === form?.communityId);

  const update = (patch: Partial<OrgForm>, field?: OrgField) => {
    setForm((f) => (f ? { ...f, ...patch } : f));
    if (field && errors[field]) setErrors((e) => ({ ...e, [field]: undefined }));
  };
  const at = (f: OrgField) => fieldError(errors[f]);
  const cls = (f: OrgField) => fieldClass(errors[f]);

  const toggleService = (name: string) => {
    if (!form) return;
    if (form.services.includes(name)) update({ services: form.services.filter((s) => s !== name) }, 'services');
    else if (form.services.length < MAX_SERVICES) update({ services: [...form.services, name] }, 'services');
    else setErrors((e) => ({ ...e, services: `服务项目最多${MAX_SERVICES}项` }));
  };
  const addService = () => {
    const name = serviceDraft.trim();
    if (!name || !form) return;
    if (name.length > 12) {
      setErrors((e) => ({ ...e, services: '每个服务项目请不超过12字' }));
      return;
    }
    if (!form.services.includes(name)) toggleService(name);
    setServiceDraft('');
  };

  const save = async () => {
    if (busy || !form) return;
    const errs = checkOrgForm(form);
    setErrors(errs);
    if (Object.keys(errs).length > 0) {
      setFormError(FIX_THESE);
      return;
    }
    setFormError(null);
    setBusy(true);
    try {
      const profile = orgProfileOf(form, orgId !== undefined);
      const saved: OrgDetail = orgId ? await orgService.update(orgId, profile, requestId) : await orgService.create(profile, requestId);
      setRequestId(newRequestId());
      done(orgId ? '资料已保存' : '组织已添加');
      if (orgId && Taro.getCurrentPages().length > 1) void Taro.navigateBack();
      else void Taro.redirectTo({ url: routes.org(saved.id) });
    } catch (e) {
      // A lost answer keeps the request id, so saving again takes effect once; a refusal starts a new intent.
      if (!(e instanceof CallError) || e.code !== 'UNAVAILABLE') setRequestId(newRequestId());
      const named = orgErrorsOf(e);
      if (named) {
        setErrors(named);
        setFormError(FIX_THESE);
      } else setFormError(messageFor(e));
    } finally {
      setBusy(false);
    }
  };

  const picker = (label: string, value: string) => (
    <View className='picker-field' role='button' aria-label={`${label} ${value}，点按更改`}>
      <Text className='picker-field__value'>{value}</Text>
      <Text className='picker-field__more'>更改</Text>
    </View>
  );
  const custom = form ? form.services.filter((s) => !COMMON_SERVICES.includes(s)) : [];

  return (
    <Screen className='org-edit'>
      <StateView
        loading={(org.loading && orgId !== undefined && !org.data) || (areas.loading && !areas.data)}
        error={org.error ?? areas.error}
        empty={!form}
        emptyText='没有找到这个社会组织。'
        onRetry={() => (org.reload(), areas.reload())}
      >
        {form ? (
          <View className={`oform shift-form ${busy ? 'book__form--busy' : ''}`}>
            <View className='card'>
              <Text className='section-title'>基本信息</Text>
              <View className={cls('name')}>
                <Text className='field__label'>组织名称</Text>
                <Input className='field__input' value={form.name} maxlength={40} placeholder='例如：北大社区畅响艺术团' aria-label='组织名称' onInput={(e) => update({ name: e.detail.value }, 'name')} />
                {at('name')}
              </View>
              <View className={cls('kind')}>
                <Text className='field__label'>组织类型</Text>
                <View className='shift-form__choices' role='radiogroup' aria-label='组织类型'>
                  {OrgKinds.map((k) => choice(form.kind === k, ORG_KIND_LABELS[k], () => update({ kind: k }, 'kind')))}
                </View>
                {at('kind')}
              </View>
              <View className={cls('street')}>
                <Text className='field__label'>所在街道和社区</Text>
                {streetFixed ? (
                  <Text className='field__hint'>{street ? `${street.name}（换街道请找区管理员）` : '所在街道'}</Text>
                ) : (
                  <Picker
                    mode='selector'
                    range={streets.map((s) => s.name)}
                    value={Math.max(0, streets.findIndex((s) => s.id === form.streetId))}
                    onChange={(e) => update({ streetId: streets[Number(e.detail.value)]?.id ?? null, communityId: null }, 'street')}
                  >
                    {picker('街道', street?.name ?? '选择街道')}
                  </Picker>
                )}
                {street ? (
                  <Picker
                    mode='selector'
                    range={['全街道（不在某个社区）', ...communities.map((c) => c.name)]}
                    value={Math.max(0, communities.findIndex((c) => c.id === form.communityId) + 1)}
                    onChange={(e) => update({ communityId: communities[Number(e.detail.value) - 1]?.id ?? null }, 'street')}
                  >
                    {picker('社区', community?.name ?? '全街道（不在某个社区）')}
                  </Picker>
                ) : null}
                {at('street')}
              </View>
              <View className={cls('sizeBand')}>
                <Text className='field__label'>人员规模</Text>
                <View className='shift-form__choices' role='radiogroup' aria-label='人员规模'>
                  {OrgSizeBands.map((b) => choice(form.sizeBand === b, ORG_SIZE_LABELS[b], () => update({ sizeBand: b }, 'sizeBand')))}
                </View>
                {at('sizeBand')}
              </View>
            </View>

            <View className='card'>
              <Text className='section-title'>负责人</Text>
              <View className={cls('leaderName')}>
                <Text className='field__label'>负责人姓名</Text>
                <Input className='field__input' value={form.leaderName} maxlength={20} placeholder='例如：王秀芳' aria-label='负责人姓名' onInput={(e) => update({ leaderName: e.detail.value }, 'leaderName')} />
                {at('leaderName')}
              </View>
              <View className={cls('leaderPhone')}>
                <Text className='field__label'>负责人手机号{orgId ? '' : '（可不填）'}</Text>
                {org.data?.leaderPhoneMasked ? <Text className='field__hint'>{`现在登记的是${org.data.leaderPhoneMasked}。不换号码就不用填。`}</Text> : null}
                <Input className='field__input' type='number' value={form.leaderPhone} maxlength={11} placeholder='11位手机号' aria-label='负责人手机号' onInput={(e) => update({ leaderPhone: e.detail.value }, 'leaderPhone')} />
                {at('leaderPhone')}
              </View>
              <View className={cls('instructor')}>
                <Text className='field__label'>党建指导员（可不填）</Text>
                <Input className='field__input' value={form.instructor} maxlength={20} placeholder='街道安排的党建指导员姓名' aria-label='党建指导员' onInput={(e) => update({ instructor: e.detail.value }, 'instructor')} />
                {at('instructor')}
              </View>
            </View>

            <View className='card'>
              <Text className='section-title'>服务和简介</Text>
              <View className={cls('services')}>
                <Text className='field__label'>{`服务项目（点选，最多${MAX_SERVICES}项）`}</Text>
                <View className='shift-form__choices oservices' role='group' aria-label='服务项目'>
                  {[...COMMON_SERVICES, ...custom].map((s) => (
                    <View key={s} className={`shift-form__choice ${form.services.includes(s) ? 'shift-form__choice--on' : ''}`} role='checkbox' aria-checked={form.services.includes(s)} onClick={() => toggleService(s)}>
                      <Text>{form.services.includes(s) ? `✓ ${s}` : s}</Text>
                    </View>
                  ))}
                </View>
                <View className='osearch'>
                  <Input className='osearch__input' value={serviceDraft} maxlength={12} placeholder='其他服务项目' aria-label='其他服务项目' onInput={(e) => setServiceDraft(e.detail.value)} onConfirm={addService} />
                  <Button className='btn-secondary osearch__btn' onClick={addService}>
                    添加
                  </Button>
                </View>
                {at('services')}
              </View>
              <View className={cls('intro')}>
                <Text className='field__label'>组织简介（可不填）</Text>
                <Textarea className='field__textarea oform__intro' value={form.intro} maxlength={500} placeholder='做什么、服务谁、在哪里活动' aria-label='组织简介' onInput={(e) => update({ intro: e.detail.value }, 'intro')} />
                {at('intro')}
              </View>
            </View>

            {orgId && admin === null ? <Text className='field__hint'>负责人修改资料后，要等街道再核实一次。</Text> : null}
            {formError ? (
              <View role='alert'>
                <Text className='form-error'>{formError}</Text>
              </View>
            ) : null}
            <View className='oactions'>
              <Button className={`btn-primary steward-main ${busy ? 'is-disabled' : ''}`} onClick={() => void save()}>
                {busy ? '正在保存…' : orgId ? '保存修改' : '添加组织'}
              </Button>
            </View>
          </View>
        ) : null}
      </StateView>
    </Screen>
  );
}
