import { useMemo, useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { newRequestId } from '../../../../services/client';
import { messageFor } from '../../../../services/messages';
import { clearToken, needsLocalSignIn } from '../../../../services/session';
import { userService } from '../../../../services/user';
import { Screen } from '../../../../components/Screen';
import { ask } from '../../../../services/dialog';
import './index.css';

/** The word the person types to confirm; the server checks it too. */
const CONFIRM_WORD = '注销';

/** 个人信息保护: what we keep, a copy of it, and deleting it (two deliberate steps). */
export default function PrivacyPage() {
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [step, setStep] = useState<'idle' | 'confirm' | 'done'>('idle');
  const [word, setWord] = useState('');
  // One intent, one request id: a retry after a lost reply does not run twice.
  const requestId = useMemo(() => newRequestId(), []);

  const exportData = async () => {
    setBusy(true);
    setError(null);
    try {
      const data = await userService.exportMyData();
      const text = JSON.stringify(data, null, 2);
      if (process.env.TARO_ENV === 'h5') {
        const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
        const a = document.createElement('a');
        a.href = url;
        a.download = `红帆-我的数据-${data.exportedAt.slice(0, 10)}.json`;
        a.click();
        URL.revokeObjectURL(url);
        setNote('已下载您的数据文件。');
      } else {
        await Taro.setClipboardData({ data: text });
        setNote('您的数据已复制，可以粘贴到聊天或备忘录中保存。');
      }
    } catch (e) {
      setError(messageFor(e));
    } finally {
      setBusy(false);
    }
  };

  const typed = word.trim();
  const canConfirm = !busy && typed === CONFIRM_WORD;

  const deleteAccount = async () => {
    // Taro's H5 Button still fires onClick while `disabled`: the handler itself refuses until the word is typed.
    if (!canConfirm) return;
    const confirm = await ask({
      title: '最后确认',
      content: '注销后，您的资料、消息和候补都会删除，未来的预约会取消。确定注销吗？',
      confirmText: '确定注销',
      cancelText: '再想想',
      danger: true,
    });
    if (!confirm) return;
    setBusy(true);
    setError(null);
    try {
      // The server gets what was typed, and refuses anything but 注销.
      const r = await userService.deleteAccount(typed, requestId);
      setNote(r.cancelledBookings > 0 ? `账号已注销，已为您取消${r.cancelledBookings}个预约（不记爽约）。` : '账号已注销。');
      setStep('done');
      if (needsLocalSignIn) clearToken();
    } catch (e) {
      setError(messageFor(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Screen className='privacy'>
      <View className='card'>
        <Text className='section-title'>我们保存哪些信息</Text>
        <Text className='privacy__p'>· 微信提供的身份标识（用来识别是您本人）</Text>
        <Text className='privacy__p'>· 您填写的称呼和手机号（只有您本人和负责的场地管理员能看到完整号码）</Text>
        <Text className='privacy__p'>· 您的预约、候补、签到记录和系统消息</Text>
        <Text className='privacy__p'>· 如果您注册了志愿者：真实姓名和手机号（作为服务记录，报名站点的站长能看到），以及报名、签到签退和服务时长记录</Text>
        <Text className='privacy__p'>· 位置：只在志愿服务签到、签退（班次要求在现场时）和查找「离我最近」的红帆站时读取一次，只保存离服务地点的距离，不保存您的位置</Text>
        <Text className='privacy__p muted'>我们不记录您的行动轨迹，不向第三方提供您的信息。</Text>
      </View>

      {step !== 'done' ? (
        <View className='card'>
          <Text className='section-title'>导出我的数据</Text>
          <Text className='privacy__p muted'>把我们保存的关于您的全部信息导出一份。</Text>
          <Button className={`btn-secondary ${busy ? 'is-disabled' : ''}`} disabled={busy} onClick={() => void exportData()}>
            导出我的数据
          </Button>
        </View>
      ) : null}

      <View className='card'>
        <Text className='section-title'>注销账号</Text>
        {step === 'idle' ? (
          <>
            <Text className='privacy__p muted'>注销后，您的资料和消息会被删除，未来的预约会被取消（不记爽约）；以前使用场地、志愿服务和参加党课的记录只以“已注销用户”匿名保留。</Text>
            <Button className='btn-secondary privacy__danger' onClick={() => setStep('confirm')}>
              我要注销账号
            </Button>
          </>
        ) : null}
        {step === 'confirm' ? (
          <>
            <Text className='privacy__p'>如果确定要注销，请在下面的框里输入“注销”两个字，再点红色的“确认注销”。</Text>
            <Text className='privacy__label'>在这里输入：</Text>
            {/* An empty box: a grey 注销 placeholder would look as if it were already filled in. */}
            <Input className='privacy__input' value={word} placeholder='' maxlength={4} onInput={(e) => setWord(e.detail.value)} />
            <View className='privacy__row'>
              <Button className='btn-secondary privacy__half' onClick={() => setStep('idle')}>
                取消
              </Button>
              <Button className={`btn-primary privacy__half privacy__confirm ${canConfirm ? '' : 'is-disabled'}`} disabled={!canConfirm} onClick={() => void deleteAccount()}>
                确认注销
              </Button>
            </View>
          </>
        ) : null}
        {step === 'done' ? <Text className='privacy__p'>感谢您使用红帆。如需再次使用，重新打开小程序即可。</Text> : null}
      </View>

      {note ? <Text className='privacy__note'>{note}</Text> : null}
      {error ? <Text className='privacy__error'>{error}</Text> : null}
    </Screen>
  );
}
