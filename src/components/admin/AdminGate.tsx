import { Text, View } from '@tarojs/components';
import type { Me } from '../../../types';
import { useAdminMe } from '../../hooks/useAdmin';
import { StateView } from '../StateView';
import type { AdminScope } from './model';
import './admin.css';

export type Street = { id: string; name: string; communities: Array<{ id: string; name: string }> };
export interface AdminContext {
  me: Me;
  scope: AdminScope;
  streets: Street[];
  /** The street's name, by id. */
  streetName: (id: string | null | undefined) => string | undefined;
}

/**
 * Every administration page starts here: loading, a load error with 重新加载, and for someone who is neither a
 * district nor a street admin a polite 无权限 state instead of the page.
 */
export function AdminGate({ children }: { children: (ctx: AdminContext) => React.ReactNode }) {
  const who = useAdminMe();
  const data = who.data;
  return (
    <StateView loading={who.loading} error={who.error} empty={!data} emptyText='暂无信息' onRetry={who.reload}>
      {data && data.scope ? (
        children({
          me: data.me,
          scope: data.scope,
          streets: data.streets,
          streetName: (id) => data.streets.find((s) => s.id === id)?.name,
        })
      ) : data ? (
        <View className='card admin-denied' role='alert'>
          <Text className='admin-denied__title'>无权限</Text>
          <Text className='admin-denied__text'>管理后台只对区管理员和街道管理员开放。如果您负责这项工作，请联系区里为您开通。</Text>
        </View>
      ) : null}
    </StateView>
  );
}
