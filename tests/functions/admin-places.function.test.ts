/**
 * Venue and station administration (admin.venues, saveVenue, retireVenue, stations, saveStation, retireStation) on
 * two instances of every function over one local database: scope (street admin: their street only, never the
 * 创益园, never moving a place out), area and hours rules, content check, audit before/after, a new venue visible and
 * bookable at once, managers granted on a new venue, retirement through the booking engine (and its race with a
 * resident's booking), stations retired with their shifts.
 */
import type { AdminStation, AdminVenue, AuditEntryView, Booking } from '../../types';
import { ShiftRepository } from '../../cloudfunctions/volunteer/shift.repository';
import { databaseDigest } from '../support/digest';
import { at, rid, volunteerWorld, type VolunteerWorld } from '../support/volunteer';

const DISTRICT = 'demo-district-admin';
const STREET = 'demo-street-admin'; // 向阳街道 (xiangyang)
const RESIDENT = 'demo-resident';
const TODAY = '2026-12-01';
const TOMORROW = '2026-12-02';

let w: VolunteerWorld;
const digest = (): string => databaseDigest(w.cloud.db);

beforeEach(async () => {
  w = await volunteerWorld({ date: TODAY, clock: '08:00' });
});
afterEach(() => w.stop());

const venueInput = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  name: '向阳街道新建活动室',
  level: 'street',
  type: 'activity',
  capacity: 20,
  facilities: ['音响', '桌椅'],
  address: '芝罘区向阳街道新华路8号',
  streetId: 'xiangyang',
  communityId: null,
  opens: '09:00',
  closes: '17:00',
  slotMinutes: 60,
  windowDays: 14,
  maxConsecutive: 3,
  needsApproval: false,
  photos: [],
  ...over,
});

const save = (as: string, venue: Record<string, unknown>, venueId?: string) => w.call('admin', as, 'saveVenue', { ...(venueId ? { venueId } : {}), venue });
const create = async (as = DISTRICT, over: Record<string, unknown> = {}): Promise<AdminVenue> =>
  (await w.ok<{ venue: AdminVenue }>('admin', as, 'saveVenue', { venue: venueInput(over) })).venue;
const book = (venueId: string, clock: string, who = RESIDENT, date = TOMORROW) =>
  w.call('venue', who, 'book', { venueId, starts: [at(date, clock)], purpose: '社区合唱排练', attendees: 5, phone: '13800000001' });
const errorOf = (res: { ok: boolean; error?: { code: string } } | { ok: true }): string | undefined => ('error' in res ? res.error?.code : undefined);

describe('saveVenue', () => {
  it('creates a venue (id v_…) that residents see and can book at once, on every instance', async () => {
    // Both venue instances have read their catalogue copies before the venue exists.
    for (const i of [0, 1]) await w.on(i).ok('venue', RESIDENT, 'list', {});
    const venue = await create();
    expect(venue.id).toMatch(/^v_[0-9a-f]{16}$/);
    expect(venue).toMatchObject({ streetName: '向阳街道', communityName: null, active: true, managers: [], futureBookings: 0 });
    for (const i of [0, 1]) {
      const { venues } = await w.on(i).ok<{ venues: Array<{ id: string }> }>('venue', RESIDENT, 'list', {});
      expect(venues.map((v) => v.id)).toContain(venue.id);
      expect((await w.on(i).call('venue', RESIDENT, 'get', { venueId: venue.id })).ok).toBe(true);
    }
    const booked = await book(venue.id, '10:00');
    expect(booked).toMatchObject({ ok: true, data: { state: 'confirmed' } });
    const stored = w.doc<Record<string, unknown>>('venues', venue.id);
    expect(stored).toMatchObject({ blackoutDates: [], active: true, streetName: '向阳街道', address: '芝罘区向阳街道新华路8号' });
  });

  it('audits a create and an edit with before and after, scoped to the street, and keeps closed dates', async () => {
    const venue = await create(STREET);
    await w.ok('venue', STREET, 'setBlackout', { venueId: venue.id, date: '2026-12-05', closed: true });
    const edited = await w.ok<{ venue: AdminVenue; outsideHours: number }>('admin', STREET, 'saveVenue', { venueId: venue.id, venue: venueInput({ capacity: 30 }) });
    expect(edited.venue.capacity).toBe(30);
    expect(w.doc<{ blackoutDates: string[] }>('venues', venue.id)?.blackoutDates).toEqual(['2026-12-05']);
    const { entries } = await w.ok<{ entries: AuditEntryView[] }>('admin', STREET, 'auditLog', { action: 'admin.saveVenue' });
    expect(entries).toHaveLength(2);
    // Both at the same instant (the test clock stands still): the edit is the one with a before.
    entries.sort((a) => (a.before ? -1 : 1));
    expect(entries[0]).toMatchObject({ actor: STREET, actorName: '孙科长', target: `venue:${venue.id}`, before: { capacity: 20 }, after: { capacity: 30 } });
    expect(entries[1]).toMatchObject({ before: null, after: { name: '向阳街道新建活动室', streetId: 'xiangyang' } });
  });

  it('keeps bookings when the hours change and counts those now outside them', async () => {
    const venue = await create();
    expect((await book(venue.id, '09:00')).ok).toBe(true);
    expect((await book(venue.id, '15:00', 'demo-party-member')).ok).toBe(true);
    const res = await w.ok<{ venue: AdminVenue; outsideHours: number }>('admin', DISTRICT, 'saveVenue', { venueId: venue.id, venue: venueInput({ opens: '10:00', closes: '14:00' }) });
    expect(res.outsideHours).toBe(2);
    expect(res.venue.futureBookings).toBe(2);
    expect(w.count('bookings', { venueId: venue.id, state: 'confirmed' })).toBe(2);
  });

  it('refuses a street admin outside their street, the 创益园, and moving a venue out — writing nothing', async () => {
    const own = await create(STREET);
    const before = digest();
    const refusals = [
      await save(STREET, venueInput({ streetId: 'dongshan' })),
      await save(STREET, venueInput({ level: 'district', streetId: null })),
      await save(STREET, venueInput({ streetId: 'dongshan', name: '东山街道会议室' }), 'ds-meeting'),
      await save(STREET, venueInput(), 'ds-meeting'),
      await save(STREET, venueInput({ level: 'district', streetId: null }), 'cyy-hall'),
      await save(STREET, venueInput({ streetId: 'dongshan' }), own.id),
      await w.call('admin', STREET, 'retireVenue', { venueId: 'ds-meeting', reason: '场地改作他用' }),
      await w.call('admin', STREET, 'venues', { streetId: 'dongshan' }),
      await save(RESIDENT, venueInput()),
    ];
    expect(refusals.map(errorOf)).toEqual(Array(refusals.length).fill('AUTH.FORBIDDEN'));
    expect(digest()).toBe(before);
  });

  it('refuses unknown areas, bad hours and unpostable text with a coded error — writing nothing', async () => {
    const before = digest();
    const cases: Array<[Record<string, unknown>, string, Record<string, string>?]> = [
      [{ streetId: 'nowhere' }, 'ADMIN.AREA_UNKNOWN', { field: 'venue.streetId' }],
      [{ level: 'community', communityId: null }, 'ADMIN.AREA_UNKNOWN', { field: 'venue.communityId' }],
      [{ level: 'community', communityId: 'haiyun' }, 'ADMIN.AREA_UNKNOWN', { field: 'venue.communityId' }],
      [{ level: 'street', streetId: null }, 'ADMIN.AREA_UNKNOWN', { field: 'venue.streetId' }],
      [{ opens: '20:30', closes: '21:00', slotMinutes: 60 }, 'ADMIN.BAD_HOURS'],
      [{ opens: '17:00', closes: '09:00' }, 'ADMIN.BAD_HOURS'],
      [{ name: '赌博活动室' }, 'CONTENT.REJECTED'],
      [{ facilities: ['代开发票'] }, 'CONTENT.REJECTED'],
    ];
    for (const [over, code, details] of cases) {
      const res = await save(DISTRICT, venueInput(over));
      expect({ over, code: errorOf(res) }).toEqual({ over, code });
      if (details && !res.ok) expect(res.error.details).toMatchObject(details);
    }
    expect((await save(DISTRICT, venueInput({ level: 'community', communityId: 'beida' }))).ok).toBe(true);
    expect((await save(DISTRICT, venueInput({ opens: '08:30', closes: '21:00', slotMinutes: 30 }))).ok).toBe(true);
    // the seeded venues' hours (08:30–21:00 in whole hours): the grid ends with the last whole slot, 20:30
    expect((await save(DISTRICT, venueInput({ opens: '08:30', closes: '21:00', slotMinutes: 60 }))).ok).toBe(true);
    expect(digest()).not.toBe(before);
  });

  it('lets a street admin make someone manager of a venue they just created, who manages it at once', async () => {
    const venue = await create(STREET);
    await w.ok('admin', STREET, 'grantRole', { openid: RESIDENT, grant: { role: 'venue_manager', scope: { venueIds: [venue.id] } } });
    for (const i of [0, 1]) {
      const { venues } = await w.on(i).ok<{ venues: Array<{ id: string }> }>('venue', RESIDENT, 'managed', {});
      expect(venues.map((v) => v.id)).toEqual([venue.id]);
    }
    expect((await w.call('venue', RESIDENT, 'schedule', { venueId: venue.id, date: TOMORROW })).ok).toBe(true);
    const { venues } = await w.ok<{ venues: AdminVenue[] }>('admin', STREET, 'venues', {});
    expect(venues.find((v) => v.id === venue.id)?.managers).toEqual([{ openid: RESIDENT, nickname: '王阿姨', phoneMasked: expect.stringMatching(/^\d{3}\*{4}\d{4}$/) }]);
  });
});

describe('venues', () => {
  it('lists a street admin’s street, a district admin’s all or one street, with future bookings', async () => {
    expect(await book('xy-center', '10:30')).toMatchObject({ ok: true });
    const street = await w.ok<{ venues: AdminVenue[] }>('admin', STREET, 'venues', {});
    expect(new Set(street.venues.map((v) => v.streetId))).toEqual(new Set(['xiangyang']));
    expect(street.venues.find((v) => v.id === 'xy-center')?.futureBookings).toBe(1);
    const all = await w.ok<{ venues: AdminVenue[] }>('admin', DISTRICT, 'venues', {});
    expect(all.venues.some((v) => v.level === 'district')).toBe(true);
    expect(all.venues.find((v) => v.id === 'cyy-hall')?.managers.map((m) => m.openid)).toContain('demo-venue-manager');
    const one = await w.ok<{ venues: AdminVenue[] }>('admin', DISTRICT, 'venues', { streetId: 'dongshan' });
    expect(new Set(one.venues.map((v) => v.streetId))).toEqual(new Set(['dongshan']));
  });
});

describe('retireVenue', () => {
  it('refuses while bookings remain, then cancels them through the ledger and tells each booker why', async () => {
    const venue = await create();
    await w.ok('admin', DISTRICT, 'grantRole', { openid: 'demo-volunteer', grant: { role: 'venue_manager', scope: { venueIds: [venue.id] } } });
    const booking = (await book(venue.id, '10:00')) as { ok: true; data: Booking };
    expect(booking.ok).toBe(true);
    const before = digest();
    const refused = await w.call('admin', DISTRICT, 'retireVenue', { venueId: venue.id, reason: '房屋维修' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'VENUE.HAS_BOOKINGS', details: { count: '1' } } });
    expect(digest()).toBe(before);

    const res = await w.ok<{ cancelledBookings: number }>('admin', DISTRICT, 'retireVenue', { venueId: venue.id, reason: '房屋维修', cancelBookings: true });
    expect(res.cancelledBookings).toBe(1);
    expect(w.doc<{ state: string }>('bookings', booking.data.id)?.state).toBe('cancelled');
    expect(w.count('slot_ledger', { venueId: venue.id })).toBe(0);
    expect(w.doc<{ active: number }>('booking_accounts', RESIDENT)?.active).toBe(0);
    expect(w.notifications(RESIDENT).at(-1)).toMatchObject({ kind: 'booking_cancelled', body: expect.stringContaining('房屋维修') });

    for (const i of [0, 1]) {
      const { venues } = await w.on(i).ok<{ venues: Array<{ id: string }> }>('venue', RESIDENT, 'list', {});
      expect(venues.map((v) => v.id)).not.toContain(venue.id);
      expect(errorOf(await w.on(i).call('venue', RESIDENT, 'get', { venueId: venue.id }))).toBe('VENUE.NOT_FOUND');
      expect(errorOf(await w.on(i).call('venue', RESIDENT, 'availability', { venueId: venue.id, from: TOMORROW, days: 3 }))).toBe('VENUE.NOT_FOUND');
      expect(errorOf(await w.on(i).call('venue', RESIDENT, 'book', { venueId: venue.id, starts: [at(TOMORROW, '11:00')], purpose: '社区合唱排练', attendees: 5, phone: '13800000001' }))).toBe('VENUE.NOT_FOUND');
    }
    // Gone from its manager's venues too.
    expect((await w.ok<{ venues: Array<{ id: string }> }>('venue', 'demo-volunteer', 'managed', {})).venues).toEqual([]);
    expect(errorOf(await save(DISTRICT, venueInput(), venue.id))).toBe('VENUE.RETIRED');
    expect(errorOf(await w.call('admin', DISTRICT, 'retireVenue', { venueId: venue.id, reason: '房屋维修' }))).toBe('VENUE.RETIRED');
    const listed = await w.ok<{ venues: AdminVenue[] }>('admin', DISTRICT, 'venues', { includeRetired: true });
    expect(listed.venues.find((v) => v.id === venue.id)).toMatchObject({ active: false, retiredReason: '房屋维修', retiredAt: expect.stringMatching(/^2026-12-01T08:00/) });
    expect((await w.ok<{ venues: AdminVenue[] }>('admin', DISTRICT, 'venues', {})).venues.map((v) => v.id)).not.toContain(venue.id);
  });

  it('racing a resident’s booking on the other instance never leaves a live booking on a retired venue', async () => {
    for (let round = 0; round < 6; round++) {
      const venue = await create(DISTRICT, { name: `竞态测试活动室${round}` });
      // Both venue instances hold the venue (active) in their catalogue copies.
      for (const i of [0, 1]) await w.on(i).ok('venue', RESIDENT, 'get', { venueId: venue.id });
      const who = `racer-${round}`;
      const [booked] = await Promise.all([
        w.on(round % 2).call('venue', who, 'book', { venueId: venue.id, starts: [at(TOMORROW, '10:00')], purpose: '社区合唱排练', attendees: 5, phone: '13800000001' }, rid()),
        w.on(1 - (round % 2)).call('admin', DISTRICT, 'retireVenue', { venueId: venue.id, reason: '房屋维修', cancelBookings: true }),
      ]);
      expect(w.doc<{ active: boolean }>('venues', venue.id)?.active).toBe(false);
      expect(w.count('bookings', { venueId: venue.id, state: { $in: ['pending', 'confirmed'] } })).toBe(0);
      expect(w.count('slot_ledger', { venueId: venue.id })).toBe(0);
      if (!booked.ok) expect(booked.error.code).toMatch(/^VENUE\.(NOT_FOUND|RETIRED)$/);
    }
  });
});

const stationInput = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  name: '新华社区创益红帆站',
  streetId: 'xiangyang',
  communityId: 'beida',
  address: '芝罘区新华路12号',
  services: ['助老陪诊', '义务理发'],
  hours: '每周三 9:00–11:00',
  location: { latitude: 37.54, longitude: 121.39 },
  ...over,
});

describe('stations', () => {
  it('creates a station the station list shows at once, audited in the street', async () => {
    const { station } = await w.ok<{ station: AdminStation }>('admin', STREET, 'saveStation', { station: stationInput() });
    expect(station).toMatchObject({ id: expect.stringMatching(/^st_[0-9a-f]{16}$/), streetName: '向阳街道', communityName: '北大社区', active: true, futureShifts: 0, members: 0 });
    const listed = await w.ok<{ stations: Array<{ id: string }> }>('station', RESIDENT, 'list', {});
    expect(listed.stations.map((s) => s.id)).toContain(station.id);
    const { entries } = await w.ok<{ entries: AuditEntryView[] }>('admin', STREET, 'auditLog', { action: 'admin.' });
    expect(entries[0]).toMatchObject({ action: 'admin.saveStation', before: null, after: { name: '新华社区创益红帆站' } });
  });

  it('refuses a street admin another street’s station and moving theirs out, and unknown areas — writing nothing', async () => {
    const before = digest();
    const res = [
      await w.call('admin', STREET, 'saveStation', { station: stationInput({ streetId: 'dongshan', communityId: null }) }),
      await w.call('admin', STREET, 'saveStation', { stationId: 'st-haiyun', station: stationInput({ streetId: 'dongshan', communityId: 'haiyun' }) }),
      await w.call('admin', STREET, 'saveStation', { stationId: 'st-beida', station: stationInput({ streetId: 'dongshan', communityId: null }) }),
      await w.call('admin', STREET, 'retireStation', { stationId: 'st-haiyun', reason: '站点合并' }),
      await w.call('admin', STREET, 'saveStation', { station: stationInput({ communityId: 'haiyun' }) }),
      await w.call('admin', DISTRICT, 'saveStation', { station: stationInput({ streetId: 'nowhere', communityId: null }) }),
      await w.call('admin', DISTRICT, 'saveStation', { station: stationInput({ name: '赌博红帆站点' }) }),
    ];
    expect(res.map(errorOf)).toEqual(['AUTH.FORBIDDEN', 'AUTH.FORBIDDEN', 'AUTH.FORBIDDEN', 'AUTH.FORBIDDEN', 'ADMIN.AREA_UNKNOWN', 'ADMIN.AREA_UNKNOWN', 'CONTENT.REJECTED']);
    expect(digest()).toBe(before);
  });

  it('retires a station: refused with future shifts unless they are cancelled, and everyone signed up is told', async () => {
    const shift = await w.ok<{ id: string }>('volunteer', STREET, 'createShift', {
      stationId: 'st-beida',
      title: '助老陪诊',
      description: '陪老人去医院',
      start: at(TOMORROW, '09:00'),
      end: at(TOMORROW, '11:30'),
      capacity: 3,
      place: '北大社区党群服务站',
    });
    await w.registerVolunteer('demo-volunteer-2');
    await w.ok('volunteer', 'demo-volunteer-2', 'signUp', { shiftId: shift.id });
    const listed = await w.ok<{ stations: AdminStation[] }>('admin', STREET, 'stations', {});
    expect(listed.stations.find((s) => s.id === 'st-beida')).toMatchObject({ futureShifts: 1, members: expect.any(Number) });

    const before = digest();
    expect(await w.call('admin', STREET, 'retireStation', { stationId: 'st-beida', reason: '站点合并' })).toMatchObject({ ok: false, error: { code: 'STATION.HAS_SHIFTS', details: { count: '1' } } });
    expect(digest()).toBe(before);

    const res = await w.ok<{ cancelledShifts: number }>('admin', STREET, 'retireStation', { stationId: 'st-beida', reason: '站点合并', cancelShifts: true });
    expect(res.cancelledShifts).toBe(1);
    expect(w.doc<{ state: string }>('shifts', shift.id)?.state).toBe('cancelled');
    expect(w.notifications('demo-volunteer-2').at(-1)).toMatchObject({ kind: 'shift_cancelled', shiftId: shift.id, body: expect.stringContaining('站点合并') });
    const stations = await w.ok<{ stations: Array<{ id: string }> }>('station', RESIDENT, 'list', {});
    expect(stations.stations.map((s) => s.id)).not.toContain('st-beida');
    expect(errorOf(await w.call('admin', STREET, 'retireStation', { stationId: 'st-beida', reason: '站点合并' }))).toBe('STATION.RETIRED');
    expect(errorOf(await w.call('admin', STREET, 'saveStation', { stationId: 'st-beida', station: stationInput() }))).toBe('STATION.RETIRED');
    const withRetired = await w.ok<{ stations: AdminStation[] }>('admin', STREET, 'stations', { includeRetired: true });
    expect(withRetired.stations.find((s) => s.id === 'st-beida')).toMatchObject({ active: false, retiredReason: '站点合并', futureShifts: 0 });
  });

  it('a shift whose creation read the station just before it was retired is cancelled once it commits', async () => {
    const { station } = await w.ok<{ station: AdminStation }>('admin', DISTRICT, 'saveStation', { station: stationInput({ name: '交错测试红帆站' }) });
    const active = w.doc<Record<string, unknown>>('stations', station.id);
    await w.ok('admin', DISTRICT, 'retireStation', { stationId: station.id, reason: '站点合并' });
    // The interleaving: createShift's first read of the station happened before the retirement committed (and the
    // retirement's sweep found no shift yet); its shift commits after the sweep.
    const read = jest.spyOn(ShiftRepository.prototype, 'station').mockResolvedValueOnce(active as never);
    try {
      const res = await w.call('volunteer', DISTRICT, 'createShift', { stationId: station.id, title: '助老陪诊', start: at(TOMORROW, '09:00'), end: at(TOMORROW, '11:00'), capacity: 3, place: '站点门口' });
      expect(res).toMatchObject({ ok: false, error: { code: 'STATION.NOT_FOUND' } });
    } finally {
      read.mockRestore();
    }
    expect(w.count('shifts', { stationId: station.id })).toBe(1);
    expect(w.count('shifts', { stationId: station.id, state: 'open' })).toBe(0);
  });
});
