/** Page routes of the subpackages, in one place. */
export const routes = {
  venueDetail: (venueId: string) => `/packages/venue/pages/detail/index?venueId=${encodeURIComponent(venueId)}`,
  book: (venueId: string, starts: string[]) =>
    `/packages/venue/pages/book/index?venueId=${encodeURIComponent(venueId)}&starts=${encodeURIComponent(starts.join(','))}`,
  myBookings: '/packages/venue/pages/mine/index',
  messages: '/packages/account/pages/messages/index',
  privacy: '/packages/account/pages/privacy/index',
  manageToday: '/packages/manage/pages/today/index',
  managePending: '/packages/manage/pages/pending/index',
  manageBlackout: (venueId: string) => `/packages/manage/pages/blackout/index?venueId=${encodeURIComponent(venueId)}`,
  manageCode: (venueId: string) => `/packages/manage/pages/code/index?venueId=${encodeURIComponent(venueId)}`,
} as const;
