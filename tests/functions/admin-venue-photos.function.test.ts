/**
 * Venue photos (admin.saveVenue): an upload of the caller's goes through the activity covers' pipeline (accepted,
 * resized, stored, sent to the asynchronous image check) and is kept as its displayable URL; the venue's own photos
 * stay as they are; someone else's upload is refused with nothing written; a picture the check refuses is taken out
 * of the venue (audited) when WeChat (the local stand-in) pushes the verdict.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createJimp } from '@jimp/core';
import jpeg from '@jimp/js-jpeg';
import png from '@jimp/js-png';
import { Collections } from '../../cloudfunctions/_shared/collections';
import { makeCover, sha256Of, type ImageDoc } from '../../cloudfunctions/_shared/images';
import type { AdminVenue } from '../../types';
import { databaseDigest } from '../support/digest';
import { volunteerWorld, type VolunteerWorld } from '../support/volunteer';

const Jimp = createJimp({ formats: [jpeg, png] });
async function picture(width: number, height: number, seed: number): Promise<Buffer> {
  const img = new Jimp({ width, height, color: 0xffffffff });
  const d = img.bitmap.data;
  for (let i = 0; i < width * height; i++) {
    d[i * 4] = (i + seed * 37) % 256;
    d[i * 4 + 1] = (i * 3) % 256;
    d[i * 4 + 2] = seed % 256;
    d[i * 4 + 3] = 255;
  }
  return img.getBuffer('image/png');
}

const listFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'red-sail-blocklist-')), 'content-security.json');
const baseList = JSON.parse(fs.readFileSync('config/content-security.json', 'utf8')) as Record<string, unknown>;
const writeBlockList = (hashes: string[]): void => fs.writeFileSync(listFile, JSON.stringify({ ...baseList, blockedImages: hashes }));
writeBlockList([]);
process.env.CONTENT_SECURITY_WORDS = listFile;
jest.setTimeout(90_000);

const ADMIN = 'demo-street-admin';
let w: VolunteerWorld;
beforeAll(async () => {
  w = await volunteerWorld({ date: '2026-12-01', clock: '10:00' });
  w.cloud.wechat.delayMs = 600_000;
});
afterAll(() => w.stop());

async function upload(openid: string, bytes: Buffer): Promise<string> {
  const res = await fetch(`${w.cloud.url}/storage/upload`, { method: 'POST', headers: { authorization: `Bearer ${w.cloud.server.signer.sign(openid)}` }, body: new Uint8Array(bytes) });
  return ((await res.json()) as { data: { fileId: string } }).data.fileId;
}

const venue = (photos: string[]): Record<string, unknown> => ({
  name: '向阳街道照片测试室', level: 'street', type: 'activity', capacity: 20, facilities: [], address: '芝罘区向阳街道新华路9号', streetId: 'xiangyang', communityId: null,
  opens: '09:00', closes: '17:00', slotMinutes: 60, windowDays: 14, maxConsecutive: 3, needsApproval: false, photos,
});

describe('venue photos', () => {
  let id = '';
  let url = '';

  it('accepts the caller’s upload like an activity cover and keeps it as a displayable URL', async () => {
    const fileId = await upload(ADMIN, await picture(400, 300, 1));
    const { venue: saved } = await w.ok<{ venue: AdminVenue }>('admin', ADMIN, 'saveVenue', { venue: venue([fileId]) });
    id = saved.id;
    [url = ''] = saved.photos;
    expect(url).toMatch(/\/covers\/img_[0-9a-f]{32}\.jpg$/);
    expect(w.count(Collections.images, { usedBy: `venue:${id}`, state: 'checking' })).toBe(1);
    expect((await fetch(url.startsWith('http') ? url : `${w.cloud.url}${url}`)).status).toBe(200);
    // Saving again with the photo the venue has: kept as it is, nothing new accepted.
    const again = await w.ok<{ venue: AdminVenue }>('admin', ADMIN, 'saveVenue', { venueId: id, venue: venue([url]) });
    expect(again.venue.photos).toEqual([url]);
    expect(w.count(Collections.images, {})).toBe(1);
    expect((await w.ok<{ venue: { photos: string[] } }>('venue', 'demo-resident', 'get', { venueId: id })).venue.photos).toEqual([url]);
  });

  it('refuses someone else’s upload, writing nothing', async () => {
    const theirs = await upload('demo-resident', await picture(300, 200, 2));
    const before = databaseDigest(w.cloud.db);
    const res = await w.call('admin', ADMIN, 'saveVenue', { venueId: id, venue: venue([url, theirs]) });
    expect(res).toMatchObject({ ok: false, error: { code: 'ACTIVITY.IMAGE_INVALID', details: { reason: 'not_own' } } });
    expect(databaseDigest(w.cloud.db)).toBe(before);
  });

  it('takes a photo the image check refuses out of the venue, audited for its street', async () => {
    const bytes = await picture(400, 300, 3);
    writeBlockList([sha256Of((await makeCover(bytes)).bytes)]);
    const fileId = await upload(ADMIN, bytes);
    const { venue: saved } = await w.ok<{ venue: AdminVenue }>('admin', ADMIN, 'saveVenue', { venueId: id, venue: venue([url, fileId]) });
    expect(saved.photos).toHaveLength(2);
    await w.ok('venue', 'demo-resident', 'list', {});
    await w.cloud.wechat.flush();
    const blocked = w.doc<ImageDoc>(Collections.images, saved.photos[1]?.match(/(img_[0-9a-f]{32})/)?.[1] ?? '');
    expect(blocked?.state).toBe('rejected');
    expect(w.doc<{ photos: string[] }>(Collections.venues, id)?.photos).toEqual([url]);
    for (const i of [0, 1]) {
      const { venues } = await w.on(i).ok<{ venues: Array<{ id: string; photo: string | null }> }>('venue', 'demo-resident', 'list', {});
      expect(venues.find((v) => v.id === id)?.photo).toBe(url);
    }
    const { entries } = await w.ok<{ entries: Array<{ action: string; target: string; after: unknown }> }>('admin', ADMIN, 'auditLog', { action: 'venue.' });
    expect(entries[0]).toMatchObject({ action: 'venue.photo_taken_down', target: `venue:${id}`, after: { photos: [url] } });
    writeBlockList([]);
  });
});
