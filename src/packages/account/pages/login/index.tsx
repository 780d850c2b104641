import { useState } from 'react';
import { Button, Input, Text } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { signInLocally } from '../../../../services/session';
import { Screen } from '../../../../components/Screen';
import './index.css';

/** The seeded demo accounts (local runtime only; see README "Demo users"). */
const demoUsers = [
  { openid: 'demo-resident', label: '居民 王阿姨' },
  { openid: 'demo-resident-2', label: '居民 赵大爷' },
  { openid: 'demo-volunteer', label: '红色公益达人 李师傅' },
  { openid: 'demo-party-member', label: '党员 张老师' },
  { openid: 'demo-secretary', label: '支部书记 刘书记' },
  { openid: 'demo-venue-manager', label: '创益园场地管理员 陈主任' },
  { openid: 'demo-station-manager', label: '红帆站站长 赵站长' },
  { openid: 'demo-street-admin', label: '向阳街道管理员 孙科长' },
  { openid: 'demo-district-admin', label: '区管理员 周部长' },
];

export default function LoginPage() {
  const [openid, setOpenid] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const signIn = async (id: string) => {
    if (!id.trim() || busy) return;
    setBusy(true);
    setError(null);
    try {
      await signInLocally(id.trim());
      await Taro.switchTab({ url: '/pages/me/index' });
    } catch {
      setError('登录没有成功，请确认本地服务已启动后重试');
    } finally {
      setBusy(false);
    }
  };

  return (
    <Screen className='login'>
      <Text className='login__hint muted'>这是本地体验版。在微信里使用时，会自动用您的微信身份登录。</Text>
      <Text className='section-title'>选择一个体验账号</Text>
      {demoUsers.map((u) => (
        <Button
          key={u.openid}
          className={`btn-secondary login__user ${busy ? 'is-disabled' : ''}`}
          disabled={busy}
          onClick={() => void signIn(u.openid)}
        >
          {u.label}
        </Button>
      ))}
      <Text className='section-title'>或输入任意编号，作为新居民登录</Text>
      <Input
        className='login__input'
        value={openid}
        placeholder='例如 neighbour-01'
        maxlength={64}
        onInput={(e) => setOpenid(e.detail.value)}
      />
      {error ? <Text className='login__error'>{error}</Text> : null}
      <Button
        className={`btn-primary login__submit ${busy || !openid.trim() ? 'is-disabled' : ''}`}
        disabled={busy || !openid.trim()}
        onClick={() => void signIn(openid)}
      >
        登录
      </Button>
    </Screen>
  );
}
