export default definePageConfig({ navigationBarTitleText: '红帆站管理' });
