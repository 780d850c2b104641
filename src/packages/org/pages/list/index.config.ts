export default definePageConfig({ navigationBarTitleText: '社会组织', enablePullDownRefresh: true });
