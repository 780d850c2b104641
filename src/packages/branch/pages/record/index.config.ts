export default definePageConfig({ navigationBarTitleText: '组织生活记录', enablePullDownRefresh: true });
