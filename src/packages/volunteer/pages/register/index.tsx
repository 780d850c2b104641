import { useEffect, useMemo, useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Screen } from '../../../../components/Screen';
import { StateView } from '../../../../components/StateView';
import { useVolunteerMe } from '../../../../hooks/useVolunteer';
import { CallError, newRequestId } from '../../../../services/client';
import { done } from '../../../../services/dialog';
import { messageFor } from '../../../../services/messages';
import { routes } from '../../../../services/routes';
import { userService } from '../../../../services/user';
import { volunteerService } from '../../../../services/volunteer';
import '../../../../components/volunteer/volunteer.css';
import './index.css';

const NAME = /^[\u4e00-\u9fa5·]{2,15}$/;
const PHONE = /^1[3-9]\d{9}$/;

/** What volunteering here means, in plain words, before anything is asked. Calling register is the consent. */
const TERMS = [
  '志愿者在红帆站和社区参加服务，比如陪伴老人、打扫环境、讲解宣传、引导秩序。想参加哪一场，就在这里报名。',
  '服务开始和结束时，用站长手机上的签到码签到、签退，服务时长会记在您名下，可以开具服务证明。',
  '您的真实姓名和手机号会保存下来，作为服务记录，并给您报名站点的站长看到，方便联系您。',
  '报名了去不了，请在开始前2小时取消，把名额让给别人。',
  '您随时可以不再参加。要删除资料，可以在「隐私与我的数据」里注销。',
];

/** 注册成为志愿者: the terms first, then real name and phone (prefilled from the profile), 同意并注册. */
export default function VolunteerRegisterPage() {
  const me = useVolunteerMe();
  const [realName, setRealName] = useState('');
  const [phone, setPhone] = useState('');
  const [fields, setFields] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // One intent, one request id: a retry after a lost reply registers once.
  const requestId = useMemo(() => newRequestId(), []);

  useEffect(() => {
    // The phone on file, in full (only the owner gets it), so nobody types it twice. Quietly skipped if unavailable.
    userService.exportMyData().then(
      (data) => setPhone((typed) => typed || (data.profile.phone ?? '')),
      () => undefined,
    );
  }, []);

  const submit = async () => {
    if (busy) return;
    const name = realName.trim();
    const number = phone.replace(/[\s-]/g, '');
    const local: Record<string, string> = {};
    if (!NAME.test(name)) local.realName = '请填写真实姓名（2到15个汉字）';
    if (!PHONE.test(number)) local.phone = '请填写11位手机号';
    setFields(local);
    setError(null);
    if (Object.keys(local).length > 0) return;
    setBusy(true);
    try {
      await volunteerService.register(name, number, requestId);
      done('注册成功');
      void Taro.redirectTo({ url: routes.volunteerShifts() });
    } catch (e) {
      if (e instanceof CallError && e.code === 'INPUT.INVALID' && e.fields) setFields(e.fields);
      else setError(messageFor(e));
    } finally {
      setBusy(false);
    }
  };

  const registered = me.data?.registered ?? false;
  return (
    <Screen className='volunteer-register'>
      <StateView loading={me.loading} error={me.error} empty={!me.data} emptyText='' onRetry={me.reload}>
        {registered ? (
          <View className='card'>
            <Text className='section-title'>您已经是志愿者了</Text>
            <Text className='v-note'>
              登记的姓名：{me.data?.realNameMasked ?? ''}，手机号：{me.data?.phoneMasked ?? ''}。如需修改，可以在下面重新填写。
            </Text>
            <Button className='btn-primary v-main' onClick={() => void Taro.redirectTo({ url: routes.volunteerShifts() })}>
              去找服务
            </Button>
          </View>
        ) : null}
        <View className='card'>
          <Text className='section-title'>志愿者须知</Text>
          {TERMS.map((t, i) => (
            <Text key={i} className='register__term'>
              {i + 1}. {t}
            </Text>
          ))}
        </View>
        <View className='card'>
          <Text className='section-title'>{registered ? '修改登记信息' : '填写登记信息'}</Text>
          <View className='v-field'>
            <Text className='v-field__label'>真实姓名</Text>
            <Input
              className='v-field__input'
              value={realName}
              maxlength={15}
              placeholder='例如：王秀芳'
              aria-label='真实姓名'
              onInput={(e) => setRealName(e.detail.value)}
            />
            {fields.realName ? <Text className='v-field__error'>{fields.realName}</Text> : null}
          </View>
          <View className='v-field'>
            <Text className='v-field__label'>手机号</Text>
            <Input className='v-field__input' type='number' value={phone} maxlength={11} placeholder='11位手机号' aria-label='手机号' onInput={(e) => setPhone(e.detail.value)} />
            {fields.phone ? <Text className='v-field__error'>{fields.phone}</Text> : null}
          </View>
          {error ? (
            <View className='v-error' role='alert'>
              <Text>{error}</Text>
            </View>
          ) : null}
          <Text className='v-note'>点「同意并注册」，表示您已读过上面的须知并同意。</Text>
          <Button className={`btn-primary v-main ${busy ? 'is-disabled' : ''}`} onClick={() => void submit()}>
            {busy ? '正在注册…' : registered ? '保存修改' : '同意并注册'}
          </Button>
        </View>
      </StateView>
    </Screen>
  );
}
