export default defineAppConfig({
  pages: ['pages/index/index', 'pages/venues/index', 'pages/stations/index', 'pages/me/index'],
  subPackages: [
    { root: 'packages/account', pages: ['pages/login/index', 'pages/messages/index', 'pages/privacy/index'] },
    { root: 'packages/venue', pages: ['pages/detail/index', 'pages/book/index', 'pages/mine/index'] },
    { root: 'packages/manage', pages: ['pages/today/index', 'pages/pending/index', 'pages/blackout/index', 'pages/code/index'] },
    { root: 'packages/station', pages: ['pages/detail/index', 'pages/members/index', 'pages/post/index'] },
    {
      root: 'packages/volunteer',
      pages: ['pages/register/index', 'pages/shifts/index', 'pages/mine/index', 'pages/checkin/index', 'pages/hours/index', 'pages/certificate/index', 'pages/verify/index', 'pages/leaderboard/index'],
    },
    { root: 'packages/steward', pages: ['pages/shifts/index', 'pages/shift-new/index', 'pages/roster/index', 'pages/code/index', 'pages/grant/index'] },
    { root: 'packages/course', pages: ['pages/list/index', 'pages/detail/index', 'pages/mine/index', 'pages/checkin/index', 'pages/lesson/index', 'pages/quiz/index', 'pages/points/index'] },
    { root: 'packages/author', pages: ['pages/courses/index', 'pages/edit/index', 'pages/schedule/index', 'pages/code/index'] },
    { root: 'packages/branch', pages: ['pages/record/index', 'pages/members/index'] },
    { root: 'packages/activity', pages: ['pages/list/index', 'pages/detail/index', 'pages/mine/index', 'pages/checkin/index'] },
    { root: 'packages/organizer', pages: ['pages/activities/index', 'pages/edit/index', 'pages/roster/index', 'pages/code/index'] },
    {
      root: 'packages/admin',
      pages: ['pages/home/index', 'pages/venues/index', 'pages/venue-edit/index', 'pages/stations/index', 'pages/station-edit/index', 'pages/people/index', 'pages/audit/index'],
    },
    { root: 'packages/org', pages: ['pages/list/index', 'pages/detail/index', 'pages/edit/index', 'pages/party/index'] },
    { root: 'packages/dashboard', pages: ['pages/index/index'] },
  ],
  preloadRule: {
    'pages/venues/index': { network: 'all', packages: ['packages/venue'] },
  },
  window: {
    // Explicit, so Taro's H5 build draws a title bar (title, ‹返回 on sub-pages); WeChat's default anyway.
    navigationStyle: 'default',
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#C8161D',
    navigationBarTitleText: '红帆',
    navigationBarTextStyle: 'white',
    backgroundColor: '#F6F2EE',
  },
  tabBar: {
    color: '#5C5C5C',
    selectedColor: '#C8161D',
    backgroundColor: '#FFFFFF',
    borderStyle: 'black',
    list: [
      { pagePath: 'pages/index/index', text: '首页', iconPath: 'assets/tab/home.png', selectedIconPath: 'assets/tab/home-on.png' },
      { pagePath: 'pages/venues/index', text: '场地', iconPath: 'assets/tab/venue.png', selectedIconPath: 'assets/tab/venue-on.png' },
      { pagePath: 'pages/stations/index', text: '红帆站', iconPath: 'assets/tab/station.png', selectedIconPath: 'assets/tab/station-on.png' },
      { pagePath: 'pages/me/index', text: '我的', iconPath: 'assets/tab/me.png', selectedIconPath: 'assets/tab/me-on.png' },
    ],
  },
  // Location: only when a volunteer checks in or out of a geofenced shift, or asks for the nearest stations (declared
  // for WeChat's review; the 隐私说明 page says the same). The distance is kept, never the location.
  requiredPrivateInfos: ['getLocation', 'chooseLocation'],
  permission: { 'scope.userLocation': { desc: '确认您在志愿服务地点签到签退，或为您找最近的红帆站' } },
  lazyCodeLoading: 'requiredComponents',
});
