import { readFileSync } from 'node:fs';
import { i18n } from 'i18next';
import { CaseRecord } from '../cases/CaseModel';
import { BodiesFile, bodiesFileSchema, BodyEntry, OwnershipRule } from './bodiesFile';

export type Body = BodyEntry;

/** The town's places, to check that the streets and landmarks a body owns exist (a typo would route nothing). */
export interface KnownPlaces {
  street(name: string): unknown;
  landmark(name: string): unknown;
}

/**
 * The other public bodies (the region, the province, utilities): who they are for residents, what they own and how
 * cases are sent to them. Data a city replaces (knowledge/bodies.json), checked when loaded like the gazetteer.
 */
export class Bodies {
  private readonly byId: Map<string, Body>;

  private constructor(
    readonly list: readonly Body[],
    private readonly secrets: Readonly<Record<string, string>>,
  ) {
    this.byId = new Map(list.map((b) => [b.id, b]));
  }

  static load(file: string, secrets: Readonly<Record<string, string>>, places?: KnownPlaces): Bodies {
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new Error(`${file} cannot be read as JSON: ${(error as Error).message}`);
    }
    return Bodies.fromData(data, secrets, places, file);
  }

  static fromData(data: unknown, secrets: Readonly<Record<string, string>>, places?: KnownPlaces, source = 'bodies'): Bodies {
    const parsed = bodiesFileSchema.safeParse(data);
    if (!parsed.success) {
      throw new Error(`${source} is malformed: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    }
    if (places) checkPlaces(parsed.data, places, source);
    return new Bodies(parsed.data.bodies, secrets);
  }

  get(id: string): Body | undefined {
    return this.byId.get(id);
  }

  /** The body that owns this case's problem, or undefined when the town does (the first matching body wins). */
  ownerOf(record: Pick<CaseRecord, 'category' | 'location'>): Body | undefined {
    return this.list.find((b) => b.owns.some((rule) => matches(rule, record)));
  }

  /** The body's name in a language (its first name for a language it has none in). */
  name(body: Body, locale: string): string {
    return body.name[locale] ?? body.name[locale.split('-')[0]] ?? Object.values(body.name)[0];
  }

  /** A secret named by the file, from the environment; undefined while unset. */
  secret(envName: string): string | undefined {
    return this.secrets[envName] || undefined;
  }

  /** Variables the file names that are not set: logged at start-up, since those bodies cannot be reached. */
  missingSecrets(): string[] {
    const names = this.list.flatMap((b) => [b.forward.method === 'open311' ? b.forward.apiKeyEnv : b.forward.secretEnv, ...(b.updates ? [b.updates.secretEnv] : [])]);
    return [...new Set(names)].filter((name) => !this.secret(name));
  }

  /**
   * Makes each body's name and phone translations (`bodies.<id>.name`, `bodies.<id>.phone`) in every language, so
   * sentences in locales/ can name a body without knowing this file.
   */
  addTo(i18n: i18n, locales: readonly string[]): void {
    for (const body of this.list) {
      for (const locale of locales) {
        i18n.addResource(locale, 'translation', `bodies.${body.id}.name`, this.name(body, locale));
        i18n.addResource(locale, 'translation', `bodies.${body.id}.phone`, body.phone);
      }
    }
  }
}

function matches(rule: OwnershipRule, record: Pick<CaseRecord, 'category' | 'location'>): boolean {
  const { street, crossStreet, landmark } = record.location;
  if (rule.categories && !rule.categories.includes(record.category)) return false;
  // An intersection with the road is the road's owner's too.
  if (rule.streets && !rule.streets.some((s) => s === street || s === crossStreet)) return false;
  if (rule.landmarks && !(landmark && rule.landmarks.includes(landmark))) return false;
  return true;
}

function checkPlaces(file: BodiesFile, places: KnownPlaces, source: string): void {
  const problems: string[] = [];
  file.bodies.forEach((b, i) =>
    b.owns.forEach((rule, j) => {
      for (const street of rule.streets ?? []) if (!places.street(street)) problems.push(`bodies.${i}.owns.${j}: no street "${street}" in the gazetteer`);
      for (const landmark of rule.landmarks ?? []) if (!places.landmark(landmark)) problems.push(`bodies.${i}.owns.${j}: no landmark "${landmark}" in the gazetteer`);
    }),
  );
  if (problems.length > 0) throw new Error(`${source} is malformed: ${problems.join('; ')}`);
}
