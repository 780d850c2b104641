import { useEffect, useRef, useState } from 'react';
import { Button, Picker, Text, View } from '@tarojs/components';
import type { AuditEntryView } from '../../../../../types';
import { AdminGate, type AdminContext } from '../../../../components/admin/AdminGate';
import { AUDIT_GROUPS, changedFields, entryTitle, shortInstant } from '../../../../components/admin/model';
import { PersonSearch } from '../../../../components/admin/PersonSearch';
import { PickerField } from '../../../../components/admin/PickerField';
import { Screen } from '../../../../components/Screen';
import { StateView } from '../../../../components/StateView';
import { Chip } from '../../../../components/VenueFilters';
import { phoneToday } from '../../../../components/steward/format';
import { adminService, type AuditFilter } from '../../../../services/admin';
import { messageFor } from '../../../../services/messages';
import '../../../../components/booking/booking.css';
import '../../../../components/steward/steward.css';
import '../../../../components/chips.css';
import '../../../../components/admin/admin.css';

const PAGE = 20;
const longDay = (d: string) => `${Number(d.slice(0, 4))}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;

function Entry({ e }: { e: AuditEntryView }) {
  const [open, setOpen] = useState(false);
  const changes = changedFields(e.before, e.after);
  const expandable = e.before !== null || e.after !== null;
  return (
    <View className='card admin-entry'>
      <View className='admin-entry__head' role={expandable ? 'button' : undefined} aria-expanded={expandable ? open : undefined} onClick={() => expandable && setOpen(!open)}>
        <View className='admin-entry__main'>
          <Text className='admin-entry__summary'>{entryTitle(e)}</Text>
          <Text className='admin-entry__meta'>
            {shortInstant(e.at)} · {e.actorName ?? '未署名'}
          </Text>
        </View>
        {expandable ? <Text className='admin-entry__more'>{open ? '收起 ▲' : '改了什么 ▼'}</Text> : null}
      </View>
      {open ? (
        changes.length === 0 ? (
          <Text className='admin-change'>没有字段变化</Text>
        ) : (
          changes.map((c) => (
            <Text key={c.label} className='admin-change'>
              <Text className='admin-change__label'>{c.label}：</Text>
              {c.from} → {c.to}
            </Text>
          ))
        )
      ) : null}
    </View>
  );
}

function Audit({ ctx }: { ctx: AdminContext }) {
  const [who, setWho] = useState<{ openid: string; name: string } | null>(null);
  const [choosing, setChoosing] = useState(false);
  const [group, setGroup] = useState(0);
  const [from, setFrom] = useState<string | undefined>(undefined);
  const [to, setTo] = useState<string | undefined>(undefined);
  const [entries, setEntries] = useState<AuditEntryView[]>([]);
  const [more, setMore] = useState(false);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const seq = useRef(0);

  const filter = (): AuditFilter => {
    const action = AUDIT_GROUPS[group]?.action;
    return { limit: PAGE, ...(who ? { actor: who.openid } : {}), ...(action ? { action } : {}), ...(from ? { from } : {}), ...(to ? { to } : {}) };
  };

  const load = async (append: boolean) => {
    const mine = ++seq.current;
    setLoading(true);
    setError(null);
    try {
      const last = append ? entries[entries.length - 1] : undefined;
      const page = await adminService.auditLog({ ...filter(), ...(last ? { before: last.at } : {}) });
      if (mine !== seq.current) return;
      setEntries(append ? [...entries, ...page] : page);
      setMore(page.length === PAGE);
    } catch (e) {
      if (mine === seq.current) setError(messageFor(e));
    } finally {
      if (mine === seq.current) setLoading(false);
    }
  };

  useEffect(() => {
    void load(false);
    // `load` reads the filters named here.
  }, [who?.openid, group, from, to, tick]);

  const today = phoneToday();
  return (
    <View>
      <View className='card admin-filters shift-form'>
        <Text className='field__label'>谁做的</Text>
        <View className='chips' role='tablist' aria-label='谁做的'>
          <Chip on={!who} label='所有人' onTap={() => (setWho(null), setChoosing(false))} />
          <Chip on={who?.openid === ctx.me.openid} label='我自己' onTap={() => (setWho({ openid: ctx.me.openid, name: '我自己' }), setChoosing(false))} />
          {who && who.openid !== ctx.me.openid ? <Chip on label={who.name} onTap={() => setChoosing(true)} /> : <Chip on={false} label='找一个人' onTap={() => setChoosing(true)} />}
        </View>
        {choosing ? (
          <PersonSearch
            pickLabel='看TA的'
            onPick={(p) => {
              setWho({ openid: p.openid, name: p.nickname ?? '这个人' });
              setChoosing(false);
            }}
          />
        ) : null}
        <Text className='field__label'>做了什么</Text>
        <View className='chips' role='tablist' aria-label='做了什么'>
          {AUDIT_GROUPS.map((g, i) => (
            <Chip key={g.label} on={group === i} label={g.label} onTap={() => setGroup(i)} />
          ))}
        </View>
        <Text className='field__label'>什么时候</Text>
        <View className='admin-row'>
          <View className='field'>
            <Picker mode='date' value={from ?? today} end={to ?? today} onChange={(e) => setFrom(String(e.detail.value))}>
              <PickerField label='从' value={from ? longDay(from) : '从最早'} />
            </Picker>
          </View>
          <View className='field'>
            <Picker mode='date' value={to ?? today} start={from} end={today} onChange={(e) => setTo(String(e.detail.value))}>
              <PickerField label='到' value={to ? longDay(to) : '到今天'} />
            </Picker>
          </View>
        </View>
        {from || to ? (
          <Button className='btn-secondary' onClick={() => (setFrom(undefined), setTo(undefined))}>
            不限日期
          </Button>
        ) : null}
      </View>
      <StateView loading={loading} error={error} empty={entries.length === 0} emptyText='没有符合条件的操作记录' onRetry={() => setTick((t) => t + 1)}>
        {entries.map((e) => (
          <Entry key={`${e.at}-${e.requestId}-${e.action}-${e.target}`} e={e} />
        ))}
        {more ? (
          <Button className={`btn-secondary admin-load-more ${loading ? 'is-disabled' : ''}`} onClick={() => !loading && void load(true)}>
            {loading ? '正在加载…' : '加载更多'}
          </Button>
        ) : null}
      </StateView>
    </View>
  );
}

/** 操作记录: the audit log, newest first, filtered by who, what and when; each entry opens to what changed. */
export default function AdminAuditPage() {
  return (
    <Screen className='admin-audit'>
      <AdminGate>{(ctx) => <Audit ctx={ctx} />}</AdminGate>
    </Screen>
  );
}
