import path from 'node:path';
import { readFileSync } from 'node:fs';
import { CaseLocation } from '../../cases/CaseModel';
import { CategoryId } from '../../cases/categories';
import { ConfigError, loadConfig } from '../../config/config';
import { Bodies } from '../../forwarding/Bodies';
import { bodiesFileFor } from '../support/open311StandIn';
import { PROJECT_ROOT } from '../support/paths';
import { samplePlaces } from '../support/places';

const { gazetteer, parser } = samplePlaces();
const SAMPLE = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'knowledge', 'bodies.json'), 'utf8')) as unknown;
const sample = Bodies.fromData(SAMPLE, {}, gazetteer, 'knowledge/bodies.json');

/** A case at a place as the report dialog files it (normalised against the sample town). */
function at(text: string, category: CategoryId = 'pothole') {
  const place = parser.find(text, 'en');
  if (!place) throw new Error(`no place in "${text}"`);
  const location: CaseLocation = { text: place.text, kind: place.kind, street: place.street, crossStreet: place.crossStreet, landmark: place.landmark, known: place.known };
  return { category, location };
}

describe('the bodies file: who owns what', () => {
  it('sends road problems on the regional road and the provincial highway to their bodies, everything else to the town', () => {
    expect(sample.ownerOf(at('pothole at 2400 Ridgeline Rd'))?.id).toBe('region-roads');
    expect(sample.ownerOf(at('pothole on Regional Road 25 near the farm'))?.id).toBe('region-roads');
    expect(sample.ownerOf(at('1200 Highway 48'))?.id).toBe('mto');
    expect(sample.ownerOf(at('1200 Simcoe Hwy', 'snow_ice'))?.id).toBe('mto');
    // The town's by-law officers still deal with noise on the regional road; the town's streets stay the town's.
    expect(sample.ownerOf(at('2400 Ridgeline Rd', 'noise'))).toBeUndefined();
    expect(sample.ownerOf(at('123 Main St'))).toBeUndefined();
    expect(sample.ownerOf(at('Main St and King St'))).toBeUndefined();
  });

  it("names each body in the resident's language, the first name for a language it lacks", () => {
    const region = sample.get('region-roads')!;
    expect(sample.name(region, 'fr')).toBe("Service des routes de la Région d'Elmhurst");
    expect(sample.name(region, 'fr-CA')).toBe("Service des routes de la Région d'Elmhurst");
    expect(sample.name(region, 'es')).toBe('Region of Elmhurst Roads');
  });

  it('stops start-up on a malformed file, naming the entry and the problem', () => {
    const file = bodiesFileFor('http://127.0.0.1:1') as { bodies: Record<string, unknown>[] };
    const withBody = (change: Record<string, unknown>) => ({ bodies: [{ ...file.bodies[0], ...change }] });
    expect(() => Bodies.fromData(withBody({ owns: [{ streets: ['Nowhere Rd'] }] }), {}, gazetteer, 'b.json')).toThrow(/b\.json.*no street "Nowhere Rd"/);
    expect(() => Bodies.fromData(withBody({ owns: [{ categories: ['potholes'] }] }), {}, gazetteer)).toThrow(/owns\.0\.categories/);
    expect(() => Bodies.fromData(withBody({ owns: [{}] }), {}, gazetteer)).toThrow(/needs categories, streets or landmarks/);
    expect(() => Bodies.fromData(withBody({ forward: { method: 'open311', endpoint: 'x', apiKeyEnv: 'KEY', serviceCodes: {} } }), {})).toThrow(/forward/);
    expect(() => Bodies.fromData(withBody({ id: 'Region Roads' }), {})).toThrow(/id: kebab-case/);
    expect(() => Bodies.fromData({ bodies: [file.bodies[0], file.bodies[0]] }, {})).toThrow(/listed twice/);
    expect(() => Bodies.fromData(withBody({ apiKey: 'inline-secret' }), {})).toThrow(/apiKey/);
  });

  it('reads secrets only from the BODY_* variables it names, and lists the missing ones', () => {
    const bodies = Bodies.fromData(bodiesFileFor('http://127.0.0.1:1'), { BODY_REGION_ROADS_API_KEY: 'k' });
    expect(bodies.secret('BODY_REGION_ROADS_API_KEY')).toBe('k');
    expect(bodies.missingSecrets()).toEqual(['BODY_REGION_ROADS_UPDATES_SECRET', 'BODY_MTO_WEBHOOK_SECRET']);
  });
});

describe('forwarding configuration', () => {
  const VALID = { TWILIO_ACCOUNT_SID: 'AC' + '0'.repeat(32), TWILIO_AUTH_TOKEN: 'token-0123456789', TWILIO_PHONE_NUMBER: '+15555550100' };

  it('reads crew contacts per queue, and the BODY_* secrets only', () => {
    const config = loadConfig({ ...VALID, CREW_CONTACTS: 'roads:+19055550150, bylaw:+19055550151', BODY_X_KEY: 's3cret', OTHER_SECRET: 'no', BODY_EMPTY: '' });
    expect([...config.crewContacts]).toEqual([
      ['roads', '+19055550150'],
      ['bylaw', '+19055550151'],
    ]);
    expect(config.forwarding.secrets).toEqual({ BODY_X_KEY: 's3cret' });
  });

  it.each([
    ['roads=+19055550150', /not queue:\+phone/],
    ['roads:9055550150', /not queue:\+phone/],
    ['potholes:+19055550150', /"potholes" is not a queue/],
    ['roads:+19055550150,roads:+19055550151', /listed twice/],
  ])('refuses CREW_CONTACTS=%s', (value, problem) => {
    expect(() => loadConfig({ ...VALID, CREW_CONTACTS: value })).toThrow(ConfigError);
    expect(() => loadConfig({ ...VALID, CREW_CONTACTS: value })).toThrow(problem);
  });
});
