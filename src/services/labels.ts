import type { Role, VenueLevel, VenueType } from '../../types';

export const roleLabels: Record<Role, string> = {
  resident: '居民',
  volunteer: '红色公益达人',
  party_member: '党员',
  branch_secretary: '支部书记',
  station_manager: '红帆站站长',
  venue_manager: '场地管理员',
  street_admin: '街道管理员',
  district_admin: '区管理员',
};

export const venueLevelLabels: Record<VenueLevel, string> = {
  district: '创益园',
  street: '街道',
  community: '社区',
};

export const venueTypeLabels: Record<VenueType, string> = {
  meeting: '会议室',
  activity: '活动室',
  hall: '多功能厅',
  rehearsal: '排练室',
  training: '培训室',
  reading: '阅览室',
};
