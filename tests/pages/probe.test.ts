import path from 'node:path';
/* eslint-disable */
const dist = path.resolve(__dirname, '../../dist/weapp');
test('probe', async () => {
  const simulate = require('miniprogram-simulate');
  const g = global as any;
  const calls: any[] = [];
  g.wx.cloud = { init: (o: any) => calls.push(['init', o]), callFunction: (o: any) => { calls.push(['call', o]); return new Promise(() => {}); } };
  let app: any;
  g.App = (cfg: any) => { app = cfg; };
  g.getApp = () => app;
  g.getCurrentPages = () => [];
  g.Page = (cfg: any) => {
    const methods: any = {};
    for (const [k, v] of Object.entries(cfg)) if (typeof v === 'function') methods[k] = v;
    g.Component({ data: cfg.data, methods, lifetimes: {
      attached(this: any) { this.route = 'pages/venues/index'; this.onLoad({}); this.onShow(); },
      ready(this: any) { this.onReady(); },
      detached(this: any) { this.onUnload(); } } });
  };
  const t0 = Date.now();
  require(path.join(dist, 'app.js'));
  console.log('app keys', Object.keys(app), Date.now() - t0);
  app.onLaunch({ path: 'pages/venues/index', query: {}, scene: 1001 });
  app.onShow?.({ path: 'pages/venues/index', query: {}, scene: 1001 });
  const compId = simulate.load(path.join(dist, 'comp'), 'comp', { rootPath: dist });
  const pageId = simulate.load(path.join(dist, 'pages/venues/index'), { rootPath: dist, usingComponents: { comp: compId } });
  const page = simulate.render(pageId);
  const parent = document.createElement('div');
  page.attach(parent);
  for (let i = 0; i < 50 && !parent.textContent; i++) await new Promise((r) => setTimeout(r, 10));
  console.log(Date.now() - t0, JSON.stringify(parent.textContent), calls.map(c => JSON.stringify(c[1]).slice(0, 200)));
  console.log(parent.innerHTML.slice(0, 1500));
});
