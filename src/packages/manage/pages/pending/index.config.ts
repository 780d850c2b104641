export default definePageConfig({ navigationBarTitleText: '待审核的预约', enablePullDownRefresh: true });
