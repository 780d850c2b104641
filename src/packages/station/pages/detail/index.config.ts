// A short title: the station's name is the page's first heading (a long name would wrap in the title bar).
export default definePageConfig({ navigationBarTitleText: '站点详情' });
