import { Text, View } from '@tarojs/components';
import type { Certificate } from '../../../types';
import { hoursText } from '../../services/volunteer';
import { certificateDate } from './certificate-format';
import './volunteer.css';

/** The 志愿服务记录证明 as it reads on screen and on paper (H5 print). */
export function CertificateView({ cert }: { cert: Certificate }) {
  return (
    <View className='cert'>
      <Text className='cert__title'>志愿服务记录证明</Text>
      <Text className='cert__line'>
        兹证明 <Text className='cert__name'>{cert.name}</Text> 同志
      </Text>
      <Text className='cert__line'>
        于{certificateDate(cert.periodFrom)}至{certificateDate(cert.periodTo)}
      </Text>
      <Text className='cert__line'>在芝罘区创益红帆站参加志愿服务</Text>
      <Text className='cert__hours'>累计 {hoursText(cert.totalHours)} 小时</Text>
      {cert.stations.length > 0 ? <Text className='cert__line cert__stations'>服务站点：{cert.stations.join('、')}</Text> : null}
      <Text className='cert__line cert__issuer'>{cert.issuer}</Text>
      <Text className='cert__line'>开具日期：{certificateDate(cert.issuedAt)}</Text>
      <Text className='cert__number'>
        证明编号：<Text className='cert__code'>{cert.number}</Text>
      </Text>
    </View>
  );
}
