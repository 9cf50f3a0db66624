import { randomBytes } from 'node:crypto';
import { CivicLine } from '../../app/createCivicLine';
import { caseModel } from '../../cases/CaseModel';
import { casePhotoUses } from '../../cases/casePhotoUses';
import { GridFsPhotoStore } from '../../photos/GridFsPhotoStore';
import { PhotoRetentionRule } from '../../photos/PhotoRetention';
import { PhotoUrls } from '../../photos/photoUrls';
import { startCivicLine } from '../support/civicLineHarness';
import { pngImage } from '../support/photos';
import { potholeReport } from '../support/reports';
import { PUBLIC_BASE_URL } from '../support/testConfig';

const DAY = 24 * 60 * 60_000;

describe('photos are kept no longer than their case needs them', () => {
  let civicLine: CivicLine;
  let store: GridFsPhotoStore;
  let rule: PhotoRetentionRule;
  const urls = new PhotoUrls(PUBLIC_BASE_URL);

  beforeAll(async () => {
    civicLine = await startCivicLine('securityPhotoRetention');
    store = new GridFsPhotoStore(civicLine.database.connection);
    rule = new PhotoRetentionRule(store, urls, casePhotoUses(caseModel(civicLine.database.connection)), { afterClosedMs: 10 * DAY, unattachedMs: 2 * DAY });
  });
  afterAll(() => civicLine.close());

  const photo = async (name: string) => {
    const id = `w${name}${randomBytes(4).toString('hex')}`;
    await store.save(id, pngImage(), { contentType: 'image/png', owner: { channel: 'webchat', address: 'dl_x' } });
    return id;
  };
  const caseWith = async (...photoIds: string[]) =>
    (await civicLine.cases.open({ ...potholeReport(), photos: photoIds.map((id) => ({ url: urls.staffUrl(id), contentType: 'image/png' })) })).number;
  /** Runs the rule as the retention job would, `days` from now. */
  const runIn = (days: number) => rule.deleteBefore(new Date(Date.now() + days * DAY - rule.ageMs));
  const exists = async (id: string) => (await store.find(id)) !== undefined;

  it('deletes a photo no case refers to after the shorter time, a closed case\'s photos after the longer one, never an open case\'s', async () => {
    const unattached = await photo('unattached');
    const ofOpenCase = await photo('open');
    const ofClosedCase = await photo('closed');
    const shared = await photo('shared');
    await caseWith(ofOpenCase, shared);
    const closed = await caseWith(ofClosedCase, shared);
    await civicLine.cases.changeStatus(closed, 'closed', 'Filled');

    await runIn(1);
    expect([await exists(unattached), await exists(ofOpenCase), await exists(ofClosedCase), await exists(shared)]).toEqual([true, true, true, true]);
    await runIn(3);
    expect([await exists(unattached), await exists(ofOpenCase), await exists(ofClosedCase), await exists(shared)]).toEqual([false, true, true, true]);
    await runIn(11);
    // The shared photo is still evidence in the open case.
    expect([await exists(ofOpenCase), await exists(ofClosedCase), await exists(shared)]).toEqual([true, false, true]);
    await runIn(400);
    expect(await exists(ofOpenCase)).toBe(true);
    // Nothing of a deleted photo stays behind.
    const chunks = civicLine.database.connection.db!.collection('photos.chunks');
    expect(await chunks.countDocuments({ files_id: ofClosedCase })).toBe(0);
  });

  it('removes the chunks of an upload that never finished (the process stopped half-way)', async () => {
    const upload = store.openUpload('wabandoned', { contentType: 'image/png', owner: { channel: 'webchat', address: 'dl_x' } });
    await upload.write(randomBytes(600 * 1024));
    const chunks = civicLine.database.connection.db!.collection('photos.chunks');
    expect(await chunks.countDocuments({ files_id: 'wabandoned' })).toBeGreaterThan(0);
    const finished = await photo('finished');

    expect(await store.deleteAbandonedBefore(new Date(Date.now() - 60_000))).toBe(0);
    expect(await store.deleteAbandonedBefore(new Date(Date.now() + 1000))).toBe(1);
    expect(await chunks.countDocuments({ files_id: 'wabandoned' })).toBe(0);
    expect((await store.read(finished)).equals(pngImage())).toBe(true);
  });
});
