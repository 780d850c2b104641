export default definePageConfig({ navigationBarTitleText: '创益红帆站' });
