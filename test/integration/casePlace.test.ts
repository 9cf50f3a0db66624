import { randomUUID } from 'node:crypto';
import { Database } from '../../db/Database';
import { DatabaseLock } from '../../storage/DatabaseLock';
import { caseModel } from '../../cases/CaseModel';
import { CaseService } from '../../cases/CaseService';
import { toCaseLocation } from '../../understanding/places/caseLocation';
import { cellOf, neighbours } from '../../understanding/places/geoCell';
import { testDatabaseUri } from '../support/database';
import { samplePlaces } from '../support/places';

const { parser } = samplePlaces();

describe('a case keeps the place the resident named, normalised', () => {
  let database: Database;
  let service: CaseService;

  beforeAll(async () => {
    database = await Database.connect(testDatabaseUri('casePlace'));
    const cases = caseModel(database.connection);
    await cases.init();
    service = new CaseService(cases, new DatabaseLock(database.connection));
  });
  afterAll(() => database.close());

  const open = (text: string) =>
    service.open({
      category: 'streetlight',
      location: toCaseLocation(parser.find(text, 'en')!),
      description: text,
      photos: [],
      urgent: false,
      submissionKey: randomUUID(),
      reporter: { channel: 'sms', address: '+12895550100', locale: 'en', conversation: { conversation: { id: 'c', isGroup: false, name: '', conversationType: 'personal' } } },
    });

  it('stores the street, cross street, coordinates and grid cell, and reads them back by case number', async () => {
    const opened = await open('streetlight out mill/station');
    const found = await service.findByNumber(opened.number);
    expect(found?.location).toEqual({
      text: 'Mill St & Station Rd',
      kind: 'intersection',
      street: 'Mill St',
      crossStreet: 'Station Rd',
      lat: expect.any(Number),
      lng: expect.any(Number),
      known: true,
      cell: cellOf(found!.location.lat!, found!.location.lng!),
    });
  });

  it('stores a place the town does not know as free text flagged for staff', async () => {
    const opened = await open('streetlight out in front of 123 Fake St');
    expect((await service.findByNumber(opened.number))?.location).toEqual({ text: '123 Fake St', kind: 'address', street: 'Fake St', number: '123', known: false });
  });

  it('gives two reports of the same corner, written differently, neighbouring cells', async () => {
    const first = await open('light out at King and Queen');
    const second = await open('streetlight broken at 2 queen st');
    expect([first.location.cell, ...neighbours(first.location.cell!)]).toContain(second.location.cell);
  });
});
