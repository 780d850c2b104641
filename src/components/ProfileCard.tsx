import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import type { Me } from '../../types';
import { CallError } from '../services/client';
import { messageFor } from '../services/messages';
import { userService } from '../services/user';
import './ProfileCard.css';

/** The name the server gives a new resident until they say how to call them. */
const DEFAULT_NICKNAME = '芝罘居民';

/**
 * First use: someone with no phone on file is asked, in the page (not a pop-up), how to call them and how a manager
 * can reach them. In WeChat the number comes from WeChat's own phone authorization (the server exchanges the code);
 * typing it stays possible everywhere (and is the only way in a browser).
 */
export function ProfileCard({ me, onSaved }: { me: Me; onSaved: () => void }) {
  const [nickname, setNickname] = useState(me.profile.nickname === DEFAULT_NICKNAME ? '' : me.profile.nickname);
  const [phone, setPhone] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const save = async (how: { phone: string } | { phoneCode: string }) => {
    if (busy) return;
    const name = nickname.trim();
    if (name.length === 0) return setError('请先写一下怎么称呼您，例如：王阿姨');
    setBusy(true);
    setError(null);
    try {
      await userService.setProfile({ nickname: name, ...how });
      onSaved();
    } catch (e) {
      setError(e instanceof CallError && e.fields?.phone ? '请填写11位手机号' : messageFor(e));
    } finally {
      setBusy(false);
    }
  };
  const typed = () => {
    const ph = phone.replace(/[\s-]/g, '');
    if (!/^1[3-9]\d{9}$/.test(ph)) return setError('请填写11位手机号');
    void save({ phone: ph });
  };

  return (
    <View className='card profile-card' role='region' aria-label='留下称呼和电话'>
      <Text className='profile-card__title'>第一次使用，请留下称呼和电话</Text>
      <Text className='profile-card__why'>预约场地时，管理员会用这个电话联系您。别人只能看到打了星号的号码。</Text>
      <Text className='field__label'>怎么称呼您</Text>
      <Input className='field__input profile-card__input' value={nickname} maxlength={20} nativeProps={{ 'aria-label': '怎么称呼您' }} onInput={(e) => setNickname(e.detail.value)} />
      {process.env.TARO_ENV === 'weapp' ? (
        <Button
          className='btn-primary profile-card__wechat'
          openType='getPhoneNumber'
          disabled={busy}
          onGetPhoneNumber={(e) => {
            const code = (e.detail as { code?: string }).code;
            if (code) void save({ phoneCode: code });
            else setError('没有拿到微信手机号，您也可以在下面直接填写');
          }}
        >
          用微信绑定的手机号
        </Button>
      ) : null}
      <Text className='field__label'>{process.env.TARO_ENV === 'weapp' ? '或者直接填写手机号' : '手机号'}</Text>
      <Input className='field__input profile-card__input' type='number' maxlength={11} value={phone} nativeProps={{ 'aria-label': '手机号' }} onInput={(e) => setPhone(e.detail.value)} />
      {error ? (
        <View className='field__error' role='alert'>
          <Text>{error}</Text>
        </View>
      ) : null}
      <Button className={`${process.env.TARO_ENV === 'weapp' ? 'btn-secondary' : 'btn-primary'} profile-card__save`} disabled={busy} onClick={typed}>
        {busy ? '正在保存…' : '保存'}
      </Button>
    </View>
  );
}
