import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';

/**
 * Taro build config. weapp → dist/weapp (project.config.json's miniprogramRoot), h5 → dist/h5 (served by the local runtime).
 * `types/` lives outside `src/`; only its runtime-light modules (error codes) reach the app bundle.
 */
export default defineConfig<'webpack5'>((merge) => {
  const isProd = process.env.NODE_ENV === 'production';
  const base: UserConfigExport<'webpack5'> = {
    projectName: 'red-sail',
    date: '2026-11-28',
    // Design at phone CSS pixels: 16px in the stylesheet is 16px on a 375-wide phone.
    designWidth: 375,
    deviceRatio: { 375: 2, 640: 2.34 / 2, 750: 1, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot: `dist/${process.env.TARO_ENV ?? 'weapp'}`,
    plugins: [],
    defineConstants: {
      // CloudBase environment id for the weapp build (not a secret; it is visible in every request).
      CLOUD_ENV: JSON.stringify(process.env.CLOUD_ENV ?? ''),
      // Subscribe-message template ids (comma-separated) asked for at booking time; none → no prompt.
      SUBSCRIBE_TEMPLATE_IDS: JSON.stringify(process.env.SUBSCRIBE_TEMPLATE_IDS ?? ''),
    },
    alias: {
      '@types-contract': path.resolve(__dirname, '..', 'types'),
    },
    copy: {
      patterns: [
        // Placeholder venue photos (scripts/make-venue-photos.mjs), named in the data as /static/venues/<type>.png.
        // H5 serves them at that path; weapp keeps them in the venue subpackage, out of the main package, and
        // src/services/packaged-images.ts points the pages there.
        {
          from: 'src/assets/venues/',
          to: process.env.TARO_ENV === 'h5' ? 'dist/h5/static/venues/' : `dist/${process.env.TARO_ENV ?? 'weapp'}/packages/venue/static/venues/`,
        },
        // Pictures of the seeded lessons (scripts/make-course-pictures.mjs), named as /static/courses/<name>.png: the same
        // way, in the course subpackage on weapp (src/services/packaged-images.ts).
        {
          from: 'src/assets/courses/',
          to: process.env.TARO_ENV === 'h5' ? 'dist/h5/static/courses/' : `dist/${process.env.TARO_ENV ?? 'weapp'}/packages/course/static/courses/`,
        },
      ],
      options: {},
    },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    logger: { quiet: true, stats: false },
    mini: {
      compile: { include: [path.resolve(__dirname, '..', 'types')] },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false },
      },
      optimizeMainPackage: { enable: true },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      compile: { include: [path.resolve(__dirname, '..', 'types')] },
      router: { mode: 'hash' },
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[contenthash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false },
      },
    },
  };
  return merge({}, base, { defineConstants: { IS_PROD_BUILD: JSON.stringify(isProd) } });
});
