export default defineAppConfig({
  pages: ['pages/index/index', 'pages/venues/index', 'pages/stations/index', 'pages/me/index'],
  subPackages: [
    { root: 'packages/account', pages: ['pages/login/index', 'pages/messages/index', 'pages/privacy/index'] },
    { root: 'packages/venue', pages: ['pages/detail/index', 'pages/book/index', 'pages/mine/index'] },
    { root: 'packages/manage', pages: ['pages/today/index', 'pages/pending/index', 'pages/blackout/index', 'pages/code/index'] },
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
  lazyCodeLoading: 'requiredComponents',
});
