/**
 * The pictures of the seeded lessons in the BUILT weapp (miniprogram-simulate, real local runtime): each lesson page
 * asks for its picture inside the course subpackage (never the main package), and the build put the file there.
 * Needs `npm run build:weapp` and `npm run build:functions`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { courseSeeds } from '../../local-cloud/seed-courses';
import { createCloudBridge } from '../support/weapp-cloud';
import { bootWeapp, requireWeappBuild, type PageHandle, type Weapp } from '../support/weapp-harness';
import { restartableRuntime } from '../support/weapp-page';

const runtime = restartableRuntime('redsail-lesson-pictures-');
let weapp: Weapp;
let page: PageHandle | null = null;
jest.setTimeout(30_000);

beforeAll(async () => {
  requireWeappBuild();
  await runtime.start();
  const cloud = createCloudBridge(runtime.target, { openid: 'demo-party-member' });
  weapp = bootWeapp({ wxCloud: cloud.wxCloud });
}, 40_000);

afterEach(() => {
  page?.unmount();
  page = null;
});

afterAll(async () => {
  await runtime.stop();
});

const lessons = courseSeeds.flatMap((c) =>
  (c.lesson?.blocks ?? []).flatMap((b) => (b.type === 'image' ? [{ courseId: c.id, title: c.title, url: b.url, caption: b.caption }] : [])),
);

test.each(lessons)('$courseId shows $url from the course subpackage, with its caption', async ({ courseId, title, url, caption }) => {
  page = await weapp.renderPage('packages/course/pages/lesson/index', { courseId });
  await page.waitForText(title);
  expect(page.text()).toContain(caption);
  const src = `/packages/course${url}`;
  expect(JSON.stringify(page.data())).toContain(src);
  expect(fs.existsSync(path.join(weapp.distDir, src))).toBe(true);
});
