export default definePageConfig({ navigationBarTitleText: '编辑红帆站' });
