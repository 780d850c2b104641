import { Collections } from '../cloudfunctions/_shared/collections';
import type { OrgKind, OrgSizeBand, PartyMode } from '../types/org-rules';
import type { Doc } from './db/store';
import { partyBranches } from './seed-branches';

/**
 * The register of social organizations and their party organizations for the demo and the test worlds. The article
 * (../shared/docs/source-article.zh.txt): 33 organizations built their own party organization, 334 built 122 joint
 * ones, and every organization with 30 or more staff has one. Scaled to the seed: the organizations the article and the
 * branches name, then 25 generated per street (deterministic) — 2 with their own party organization (the larger
 * ones), 18 in 7 joint ones, 5 small ones without — about 310 organizations, 24 own and 87 joint party organizations.
 */

type Street = { id: string; name: string; communities: Array<[string, string]> };

interface NamedOrg {
  id: string;
  name: string;
  streetId: string;
  communityId: string | null;
  kind: OrgKind;
  sizeBand: OrgSizeBand;
  leaderName: string;
  leaderPhone: string;
  services: string[];
  intro: string;
  instructor: string | null;
  /** The demo account that claimed it (its `orgs` say leader). */
  claimedBy?: string;
}

/** The organizations the article and the party branches name (ids used by tests and the demo). */
export const namedOrgs: NamedOrg[] = [
  { id: 'org-shanheliang', name: '善和良公益发展中心', streetId: 'dongshan', communityId: 'haiyun', kind: 'service_agency', sizeBand: '10_29', leaderName: '王虎', leaderPhone: '13906381010', services: ['社区疑难调解', '助老服务', '退役军人关爱'], intro: '退役军人王虎发起的公益组织，帮社区“会诊”疑难杂症，邻里的事大家一起办。', instructor: '林建华', claimedBy: 'demo-secretary' },
  { id: 'org-youth-entrepreneurs', name: '烟台市青年企业家企业管理协会', streetId: 'dongshan', communityId: null, kind: 'social_group', sizeBand: '30_99', leaderName: '袁志宏', leaderPhone: '13906381001', services: ['企业管理培训', '公益资源对接'], intro: '青年企业家的行业协会，在创益园孵化，撬动会员企业资源支持公益类社会组织。', instructor: '林建华' },
  { id: 'org-changxiang', name: '北大社区畅响艺术团', streetId: 'xiangyang', communityId: 'beida', kind: 'community_group', sizeBand: '10_29', leaderName: '王秀英', leaderPhone: '13906381009', services: ['合唱', '文艺演出'], intro: '北大社区的退休阿姨们自发组织的艺术团，常在创益园预约排练室唱歌排节目。', instructor: '孙丽娟', claimedBy: 'demo-resident' },
  { id: 'org-linli-shouwang', name: '芝罘区邻里守望志愿服务队', streetId: 'xiangyang', communityId: 'dahaiyang', kind: 'community_group', sizeBand: '30_99', leaderName: '于海波', leaderPhone: '13906381002', services: ['楼道巡查', '独居老人探访'], intro: '楼门院落的邻里守望，志愿者结对探访独居老人。', instructor: '孙丽娟' },
  { id: 'org-xiyanghong', name: '芝罘区夕阳红老年协会', streetId: 'yuhuangding', communityId: 'yuxi', kind: 'social_group', sizeBand: '100_plus', leaderName: '曲淑珍', leaderPhone: '13906381003', services: ['老年文体活动', '健康讲座'], intro: '全区老年人的文体协会，组织合唱、门球和健康讲座。', instructor: '王立新' },
  { id: 'org-jiazheng', name: '烟台市家政服务行业协会', streetId: 'tongshen', communityId: null, kind: 'social_group', sizeBand: '30_99', leaderName: '姜丽萍', leaderPhone: '13906381004', services: ['家政技能培训', '就业对接'], intro: '家政服务行业协会，为社区提供家政技能培训和就业对接。', instructor: '王立新' },
  { id: 'org-yudong-sidianban', name: '毓东社区四点半课堂服务中心', streetId: 'yuhuangding', communityId: 'yudong', kind: 'service_agency', sizeBand: '10_29', leaderName: '邹晓燕', leaderPhone: '13906381005', services: ['四点半课堂', '作业辅导'], intro: '放学后看护和辅导社区孩子写作业，让双职工家庭放心。', instructor: '王立新' },
  { id: 'org-xinli', name: '芝罘区心理咨询师协会', streetId: 'fenghuangtai', communityId: null, kind: 'social_group', sizeBand: '30_99', leaderName: '柳文静', leaderPhone: '13906381006', services: ['心理疏导', '心理健康讲座'], intro: '心理咨询师的专业协会，走进社区开展心理疏导。', instructor: '陈志刚' },
  { id: 'org-suocheng-wenhua', name: '所城里文化传承促进会', streetId: 'qishan', communityId: 'suocheng', kind: 'social_group', sizeBand: '10_29', leaderName: '宫建国', leaderPhone: '13906381007', services: ['老街文化讲解', '非遗展示'], intro: '讲好所城里老街的故事，传承民俗和非遗手艺。', instructor: '陈志刚' },
  { id: 'org-zhifudao-yujia', name: '芝罘岛渔家文化促进会', streetId: 'zhifudao', communityId: 'zhifudao', kind: 'social_group', sizeBand: '10_29', leaderName: '初海军', leaderPhone: '13906381008', services: ['渔家文化展示', '渔民夜校'], intro: '整理和展示芝罘岛渔家文化，办渔民夜校。', instructor: '陈志刚' },
];

/** The three named branches' members, in the order of seed-branches.ts partyBranches' organization names. */
const branchOrgIds: Record<string, string[]> = {
  'branch-shanheliang': ['org-shanheliang', 'org-youth-entrepreneurs', 'org-changxiang', 'org-linli-shouwang'],
  'branch-lianhe-2': ['org-xiyanghong', 'org-jiazheng', 'org-yudong-sidianban'],
  'branch-lianhe-3': ['org-xinli', 'org-suocheng-wenhua', 'org-zhifudao-yujia'],
};

/** Generated organizations: name ending, kind, services. */
const THEMES: Array<[string, OrgKind, string[]]> = [
  ['合唱团', 'community_group', ['合唱', '文艺演出']],
  ['书画社', 'community_group', ['书法绘画', '春联义写']],
  ['太极拳队', 'community_group', ['太极拳教学', '晨练']],
  ['志愿服务队', 'community_group', ['助老服务', '环境整治']],
  ['读书会', 'community_group', ['读书分享', '亲子阅读']],
  ['巧手编织社', 'community_group', ['手工编织', '义卖']],
  ['邻里互助会', 'community_group', ['邻里调解', '代买代办']],
  ['京剧票友会', 'community_group', ['京剧演唱', '戏曲进社区']],
  ['广场舞队', 'community_group', ['广场舞', '健身指导']],
  ['老年协会', 'social_group', ['老年文体活动', '健康讲座']],
  ['摄影协会', 'social_group', ['摄影培训', '社区影像记录']],
  ['个体劳动者协会', 'social_group', ['政策宣讲', '诚信经营']],
  ['社会工作服务中心', 'service_agency', ['社工服务', '困难家庭帮扶']],
  ['养老服务中心', 'service_agency', ['日间照料', '助餐送餐']],
  ['青少年成长服务中心', 'service_agency', ['课后托管', '青少年心理辅导']],
  ['家庭教育服务中心', 'service_agency', ['家长课堂', '亲子活动']],
  ['法律服务志愿队', 'community_group', ['法律咨询', '普法宣传']],
  ['义诊服务队', 'community_group', ['健康义诊', '量血压']],
  ['文化艺术团', 'community_group', ['文艺演出', '节日慰问']],
  ['公益创投服务中心', 'service_agency', ['项目孵化', '公益培训']],
];
const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文';
const GIVEN = ['秀英', '桂兰', '建国', '丽华', '志强', '海燕', '国庆', '玉梅', '春生', '晓红', '德明', '淑珍', '文斌', '红霞', '立新', '美玲', '振华', '凤英', '永刚', '慧敏'];
const INSTRUCTORS = ['孙丽娟', '林建华', '王立新', '陈志刚', '刘海涛', '赵敏', '周晓东', '吴红梅', '郑国华', '冯雪', '于春燕', '姜涛'];
const CN = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** Per street: the first two are larger and build their own party organization; the next 18 form 7 joint ones (3,3,3,3,2,2,2). */
const PER_STREET = 25;
const OWN = 2;
const JOINT_SIZES = [3, 3, 3, 3, 2, 2, 2];


/**
 * The register as documents: organizations (`organizations`) and party organizations (`party_branches`, the named
 * branches first with their ids and names). `now` stamps createdAt/updatedAt.
 */
export function registerDocs(streets: Street[], now: Date): Array<{ coll: string; doc: Doc }> {
  const streetSort = new Map(streets.map((s, i) => [s.id, i]));
  const streetOf = (id: string): Street => streets.find((s) => s.id === id) as Street;
  const communityName = (streetId: string, id: string | null): string | null => (id ? (streetOf(streetId).communities.find(([c]) => c === id)?.[1] ?? null) : null);
  const orgs: Doc[] = [];
  const partyOrgs: Doc[] = [];
  const orgDoc = (o: NamedOrg, party: { mode: PartyMode; partyOrgId: string | null }, verified: boolean): Doc => ({
    _id: o.id,
    name: o.name,
    kind: o.kind,
    streetId: o.streetId,
    streetName: streetOf(o.streetId).name,
    communityId: o.communityId,
    communityName: communityName(o.streetId, o.communityId),
    sizeBand: o.sizeBand,
    leaderName: o.leaderName,
    leaderPhone: o.leaderPhone,
    services: o.services,
    intro: o.intro,
    instructor: o.instructor,
    party,
    verification: verified ? 'verified' : 'unverified',
    claim: o.claimedBy ? { openid: o.claimedBy, state: 'claimed', at: now } : null,
    mergedInto: null,
    sort: streetSort.get(o.streetId) ?? 0,
    createdAt: now,
    updatedAt: now,
  });

  partyBranches.forEach((b, i) => {
    const ids = branchOrgIds[b.id] ?? [];
    partyOrgs.push({ _id: b.id, name: b.name, kind: 'joint', streetId: null, orgIds: ids, organizations: [...b.organizations], sort: i });
    for (const id of ids) orgs.push(orgDoc(namedOrgs.find((o) => o.id === id) as NamedOrg, { mode: 'joint', partyOrgId: b.id }, true));
  });

  const names = new Set(orgs.map((o) => o.name as string));
  let n = 0;
  streets.forEach((street, si) => {
    const prefix = street.name.replace(/街道$/, '');
    const made: NamedOrg[] = [];
    for (let k = 0; made.length < PER_STREET; k++) {
      const [ending, kind, services] = THEMES[(si * 7 + k) % THEMES.length] as [string, OrgKind, string[]];
      const community = k % 4 === 3 ? null : (street.communities[k % street.communities.length] as [string, string]);
      const name = `${community ? community[1] : `${prefix}街道`}${ending}`;
      if (names.has(name)) continue;
      names.add(name);
      n++;
      const i = made.length;
      const sizeBand: OrgSizeBand = i < OWN ? (i === 0 ? '100_plus' : '30_99') : i < PER_STREET - 5 ? ((['10_29', 'under_10', '10_29', '30_99'] as const)[i % 4] ?? '10_29') : i % 2 === 0 ? 'under_10' : '10_29';
      const leader = `${SURNAMES[(n * 7) % SURNAMES.length] as string}${GIVEN[(n * 3) % GIVEN.length] as string}`;
      made.push({
        id: `org-${street.id}-${String(i + 1).padStart(2, '0')}`,
        name,
        streetId: street.id,
        communityId: community ? community[0] : null,
        kind: si === 0 && i === 0 ? 'foundation' : kind,
        sizeBand,
        leaderName: leader,
        leaderPhone: `1390638${String(2000 + n).padStart(4, '0')}`,
        services,
        intro: `${community ? community[1] : street.name}的${ending}，${services.join('、')}，欢迎居民参加。`,
        instructor: i < PER_STREET - 5 ? (INSTRUCTORS[(si + i) % INSTRUCTORS.length] as string) : null,
      });
    }
    made.slice(0, OWN).forEach((o, j) => {
      const id = `po-${street.id}-own-${j + 1}`;
      partyOrgs.push({ _id: id, name: `${o.name}党支部`, kind: 'own', streetId: street.id, orgIds: [o.id], organizations: [o.name], sort: 100 + si * 10 + j });
      orgs.push(orgDoc(o, { mode: 'own', partyOrgId: id }, true));
    });
    let at = OWN;
    JOINT_SIZES.forEach((size, j) => {
      const members = made.slice(at, at + size);
      at += size;
      const id = `po-${street.id}-joint-${j + 1}`;
      partyOrgs.push({ _id: id, name: `${street.name}社会组织第${CN[j] as string}联合党支部`, kind: 'joint', streetId: street.id, orgIds: members.map((o) => o.id), organizations: members.map((o) => o.name), sort: 100 + si * 10 + OWN + j });
      members.forEach((o, m) => orgs.push(orgDoc(o, { mode: 'joint', partyOrgId: id }, (m + j) % 5 !== 4)));
    });
    made.slice(at).forEach((o, m) => orgs.push(orgDoc(o, { mode: 'none', partyOrgId: null }, m % 2 === 0)));
  });
  return [...orgs.map((doc) => ({ coll: Collections.organizations, doc })), ...partyOrgs.map((doc) => ({ coll: Collections.partyBranches, doc }))];
}
