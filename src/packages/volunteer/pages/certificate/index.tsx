import { useMemo, useState } from 'react';
import { Button, Canvas, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { Certificate } from '../../../../../types';
import { Screen } from '../../../../components/Screen';
import { CertificateView } from '../../../../components/volunteer/CertificateView';
import { POSTER_CANVAS_ID, POSTER_HEIGHT, POSTER_WIDTH, savePosterToAlbum } from '../../../../components/volunteer/poster';
import { newRequestId } from '../../../../services/client';
import { ask, done, tell } from '../../../../services/dialog';
import { messageFor } from '../../../../services/messages';
import { routes } from '../../../../services/routes';
import { volunteerService, type NameShown } from '../../../../services/volunteer';
import '../../../../components/volunteer/volunteer.css';
import './index.css';

const CHOICES: Array<{ value: NameShown; label: string; example: string }> = [
  { value: 'full', label: '全名', example: '王秀芳' },
  { value: 'surname', label: '只显示姓', example: '王**' },
  { value: 'masked', label: '部分隐藏', example: '王*芳' },
];

/**
 * 服务证明: choose how the name shows, 开具证明 → the certificate with its number and how to verify it. On WeChat a
 * poster drawn on a canvas is saved to the album; on H5 the page prints (print CSS keeps only the certificate).
 */
export default function VolunteerCertificatePage() {
  const [nameShown, setNameShown] = useState<NameShown>('masked');
  const [cert, setCert] = useState<Certificate | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // One request id per choice: a retry after a lost reply issues one certificate, a new choice a new one.
  const requestId = useMemo(() => newRequestId(), [nameShown]);

  const issue = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      setCert(await volunteerService.certificate(nameShown, requestId));
    } catch (e) {
      setError(messageFor(e));
    } finally {
      setBusy(false);
    }
  };

  const save = async () => {
    if (!cert || busy) return;
    setBusy(true);
    try {
      const outcome = await savePosterToAlbum(cert, Taro.getCurrentInstance().page);
      if (outcome === 'saved') done('已保存到相册');
      else if (outcome === 'refused') {
        const open = await ask({
          title: '需要相册权限',
          content: '保存图片要允许小程序使用相册。要去设置里打开吗？',
          confirmText: '去设置',
          cancelText: '先不用',
        });
        if (open) await Taro.openSetting().catch(() => undefined);
      } else await tell('没有保存成功', '请稍后再试一次，或截屏保存。');
    } finally {
      setBusy(false);
    }
  };

  return (
    <Screen className='volunteer-certificate'>
      {cert ? (
        <View>
          <CertificateView cert={cert} />
          <View className='card cert-help no-print'>
            <Text className='cert-help__title'>怎么查验</Text>
            <Text className='v-note'>
              拿到证明的单位，可以在「红帆」小程序「我的 → 志愿服务 → 查验证明」里输入编号 {cert.number}，查看姓名、时长和服务时间。
            </Text>
          </View>
          {process.env.TARO_ENV === 'weapp' ? (
            <Button className={`btn-primary v-main no-print ${busy ? 'is-disabled' : ''}`} onClick={() => void save()}>
              {busy ? '正在保存…' : '保存图片到相册'}
            </Button>
          ) : (
            <Button className='btn-primary v-main no-print' onClick={() => window.print()}>
              打印证明
            </Button>
          )}
          <Button className='btn-secondary v-more no-print' onClick={() => void Taro.navigateTo({ url: routes.verifyCertificate(cert.number) })}>
            查验这个编号
          </Button>
          <Button className='btn-secondary v-more no-print' onClick={() => setCert(null)}>
            换一种姓名显示，重新开具
          </Button>
        </View>
      ) : (
        <View className='card'>
          <Text className='section-title'>证明上的姓名怎么显示</Text>
          <View className='cert-choices' role='radiogroup' aria-label='证明上的姓名怎么显示'>
            {CHOICES.map((c) => (
              <View
                key={c.value}
                className={`cert-choice ${nameShown === c.value ? 'cert-choice--on' : ''}`}
                role='radio'
                aria-checked={nameShown === c.value}
                onClick={() => setNameShown(c.value)}
              >
                <Text className='cert-choice__mark' aria-hidden>
                  {nameShown === c.value ? '●' : '○'}
                </Text>
                <Text className='cert-choice__label'>{c.label}</Text>
                <Text className='cert-choice__example'>例：{c.example}</Text>
              </View>
            ))}
          </View>
          <Text className='v-note'>证明上写明您的服务时长、服务时间和站点，附有证明编号，别人可以凭编号查验真伪。</Text>
          {error ? (
            <View className='v-error' role='alert'>
              <Text>{error}</Text>
            </View>
          ) : null}
          <Button className={`btn-primary v-main ${busy ? 'is-disabled' : ''}`} onClick={() => void issue()}>
            {busy ? '正在开具…' : '开具证明'}
          </Button>
        </View>
      )}
      {process.env.TARO_ENV === 'weapp' ? (
        // The poster is drawn here, off screen, then saved as an image.
        <Canvas canvasId={POSTER_CANVAS_ID} className='cert-canvas' style={{ width: `${POSTER_WIDTH}px`, height: `${POSTER_HEIGHT}px` }} />
      ) : null}
    </Screen>
  );
}
