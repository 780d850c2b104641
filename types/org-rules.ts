/**
 * The register's and the dashboard's rules the app needs at run time, without zod: the app imports this module (never
 * types/org.ts or types/dashboard.ts, which build the contract's schemas). types/org.ts re-exports everything here.
 */

/** The four legal kinds of social organization in China (民政 registration), and 社区社会组织 (filed with the street). */
export const OrgKinds = ['social_group', 'service_agency', 'foundation', 'community_group'] as const;
export type OrgKind = (typeof OrgKinds)[number];
export const ORG_KIND_LABELS: Record<OrgKind, string> = {
  social_group: '社会团体',
  service_agency: '社会服务机构',
  foundation: '基金会',
  community_group: '社区社会组织',
};

/** Staff size bands (the article: 100% coverage of organizations with 30 or more staff). */
export const OrgSizeBands = ['under_10', '10_29', '30_99', '100_plus'] as const;
export type OrgSizeBand = (typeof OrgSizeBands)[number];
export const ORG_SIZE_LABELS: Record<OrgSizeBand, string> = {
  under_10: '10人以下',
  '10_29': '10–29人',
  '30_99': '30–99人',
  '100_plus': '100人及以上',
};

/** How an organization's party work is organized: its own party organization, part of a joint one, or none yet. */
export const PartyModes = ['own', 'joint', 'none'] as const;
export type PartyMode = (typeof PartyModes)[number];
export const PARTY_MODE_LABELS: Record<PartyMode, string> = {
  own: '单独建立党组织',
  joint: '联合建立党组织',
  none: '尚未建立党组织',
};

/** A party organization: one organization's own (单独组建) or several organizations' joint one (联合党支部). */
export const PartyOrgKinds = ['own', 'joint'] as const;
export type PartyOrgKind = (typeof PartyOrgKinds)[number];

/** Verification of an organization's profile by its street (or the district). */
export const OrgVerifications = ['unverified', 'verified'] as const;
export type OrgVerification = (typeof OrgVerifications)[number];
export const ORG_VERIFICATION_LABELS: Record<OrgVerification, string> = { unverified: '待街道核实', verified: '街道已核实' };

/** The dashboard's downloadable tables (admin.exportTable `table`), and what each is called. */
export const DashboardTables = ['months', 'streets', 'venues', 'hours', 'orgs', 'branches'] as const;
export type DashboardTable = (typeof DashboardTables)[number];
export const DASHBOARD_TABLE_LABELS: Record<DashboardTable, string> = {
  months: '按月统计',
  streets: '按街道统计',
  venues: '最忙的场地',
  hours: '最忙的时段',
  orgs: '社会组织与党组织覆盖',
  branches: '党支部组织生活覆盖',
};

/** Longest dashboard range (months, inclusive). */
export const DASHBOARD_MAX_MONTHS = 24;

/** The pseudo-street of district-level places (the 创益园): its venues have no street. */
export const DISTRICT_LEVEL_STREET = '_district';
