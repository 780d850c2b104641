import { useState } from 'react';
import { Button, Input, Text, Textarea, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { goBack, queryValue } from '../../../../components/booking/params';
import { Screen } from '../../../../components/Screen';
import { CallError, newRequestId } from '../../../../services/client';
import { done } from '../../../../services/dialog';
import { messageFor } from '../../../../services/messages';
import { routes } from '../../../../services/routes';
import { stationService } from '../../../../services/station';
import '../../../../components/station/station.css';
import './index.css';

type Field = 'title' | 'body';
type FieldErrors = Partial<Record<Field, string>>;

/** The same limits the server checks (types/station.ts), said before anything is sent. */
function check(title: string, body: string): FieldErrors {
  const errs: FieldErrors = {};
  const t = title.trim();
  const b = body.trim();
  if (t.length < 2) errs.title = '标题至少2个字';
  else if (t.length > 40) errs.title = '标题请不超过40字';
  if (b.length < 2) errs.body = '内容至少2个字';
  else if (b.length > 1000) errs.body = '内容请不超过1000字';
  return errs;
}

export default function StationPostPage() {
  const stationId = queryValue(useRouter().params.stationId);
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // One intent = one requestId: a retry after a lost reply never posts twice.
  const [requestId, setRequestId] = useState(newRequestId);

  const submit = async () => {
    if (busy || !stationId) return;
    setFormError(null);
    const local = check(title, body);
    if (Object.keys(local).length > 0) {
      setErrors(local);
      setFormError('有几项需要修改，请看红字提示');
      return;
    }
    setBusy(true);
    try {
      await stationService.post({ stationId, title: title.trim(), body: body.trim() }, requestId);
      done('通知已发布');
      goBack(routes.station(stationId));
    } catch (e) {
      if (e instanceof CallError && e.code === 'INPUT.INVALID' && e.fields) {
        const mine: FieldErrors = {};
        for (const [path, message] of Object.entries(e.fields)) {
          const key = path.split('.')[0];
          if (key === 'title' || key === 'body') mine[key] = message;
        }
        if (Object.keys(mine).length > 0) {
          setErrors(mine);
          setFormError('有几项需要修改，请看红字提示');
          return;
        }
      }
      // The same request may be sent again only unchanged; a changed text is a new intent.
      if (e instanceof CallError && e.code === 'IDEMPOTENCY.KEY_REUSED') setRequestId(newRequestId());
      setFormError(messageFor(e));
    } finally {
      setBusy(false);
    }
  };

  const edit = (field: Field, value: string) => {
    if (field === 'title') setTitle(value);
    else setBody(value);
    if (errors[field]) setErrors({ ...errors, [field]: undefined });
  };

  return (
    <Screen className='station-post-page'>
      <View className={`card ${busy ? 'station-post-page--busy' : ''}`}>
        <Text className='station-post-page__intro'>通知会显示在站点页面上，所有人都能看到。</Text>
        <View className={errors.title ? 'st-field st-field--bad' : 'st-field'}>
          <Text className='st-field__label'>标题</Text>
          <Input
            className='st-field__input'
            value={title}
            maxlength={40}
            placeholder='例如：周四义务理发照常'
            aria-label='标题'
            onInput={(e) => edit('title', e.detail.value)}
          />
          {errors.title ? (
            <View className='st-field__error' role='alert'>
              <Text>{errors.title}</Text>
            </View>
          ) : (
            <Text className='st-field__hint'>2–40字</Text>
          )}
        </View>
        <View className={errors.body ? 'st-field st-field--bad' : 'st-field'}>
          <Text className='st-field__label'>内容</Text>
          <Textarea
            className='st-field__textarea'
            value={body}
            maxlength={1000}
            placeholder='写清楚时间、地点和要做的事'
            aria-label='内容'
            onInput={(e) => edit('body', e.detail.value)}
          />
          {errors.body ? (
            <View className='st-field__error' role='alert'>
              <Text>{errors.body}</Text>
            </View>
          ) : (
            <Text className='st-field__hint'>2–1000字（已写{body.trim().length}字）</Text>
          )}
        </View>
      </View>
      {formError ? (
        <View className='st-form-error' role='alert'>
          <Text>{formError}</Text>
        </View>
      ) : null}
      <Button className={`btn-primary station-post-page__submit ${busy ? 'is-disabled' : ''}`} onClick={() => void submit()}>
        {busy ? '正在发布…' : '发布通知'}
      </Button>
    </Screen>
  );
}
