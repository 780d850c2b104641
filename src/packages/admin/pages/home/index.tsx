import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { AdminGate } from '../../../../components/admin/AdminGate';
import { adminTitle } from '../../../../components/admin/model';
import { Screen } from '../../../../components/Screen';
import { routes } from '../../../../services/routes';
import '../../../../components/admin/admin.css';

/** 管理后台: who the admin is and big cards to each part of the administration. */
export default function AdminHomePage() {
  return (
    <Screen className='admin-home'>
      <AdminGate>
        {({ me, scope, streetName }) => {
          const street = scope.kind === 'street' ? scope.streetId : undefined;
          const cards: Array<{ icon: string; title: string; hint: string; url: string }> = [
            { icon: '场', title: '场地管理', hint: '新增、修改、停用场地，指定场地管理员', url: routes.adminVenues },
            { icon: '站', title: '红帆站管理', hint: '新增、修改、停用红帆站，指定站长', url: routes.adminStations },
            { icon: '社', title: '社会组织', hint: '组织名录、核实与合并', url: routes.orgList(street) },
            { icon: '党', title: '党组织', hint: '单独建立和联合党组织', url: routes.partyOrgs(street) },
            { icon: '人', title: '人员与角色', hint: '查找居民，授予或收回角色', url: routes.adminPeople() },
            { icon: '记', title: '操作记录', hint: '谁在什么时候改了什么', url: routes.adminAudit },
            { icon: '数', title: '数据看板', hint: '场地使用、志愿时长、组织覆盖', url: routes.dashboard(street) },
          ];
          return (
            <View>
              <Text className='admin-who'>{adminTitle(scope, streetName)}</Text>
              <Text className='admin-who__sub'>
                {me.profile.nickname}，{scope.kind === 'district' ? '您可以管理全区的场地、站点和人员。' : '您可以管理本街道的场地、站点和人员。'}
              </Text>
              <View className='admin-cards'>
                {cards.map((c) => (
                  <View key={c.title} className='card admin-card' role='button' aria-label={`${c.title}：${c.hint}`} onClick={() => void Taro.navigateTo({ url: c.url })}>
                    <View className='admin-card__icon' aria-hidden>
                      <Text>{c.icon}</Text>
                    </View>
                    <View className='admin-card__main'>
                      <Text className='admin-card__title'>{c.title}</Text>
                      <Text className='admin-card__hint'>{c.hint}</Text>
                    </View>
                    <Text className='admin-card__arrow' aria-hidden>
                      ›
                    </Text>
                  </View>
                ))}
              </View>
            </View>
          );
        }}
      </AdminGate>
    </Screen>
  );
}
