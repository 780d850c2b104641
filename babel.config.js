// Used by Taro's webpack build only; jest uses @swc/jest.
module.exports = {
  presets: [['taro', { framework: 'react', ts: true, compiler: 'webpack5' }]],
};
