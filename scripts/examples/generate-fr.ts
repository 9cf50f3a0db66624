/**
 * Writes locales/fr/examples/generated.jsonl: French reports built from short problem phrases and places of
 * the sample town, and short replies (status checks with case numbers, call-backs with phone numbers, yes,
 * no...) built from pieces (frReplies.ts), typed the way people text (no accents, abbreviations, small
 * typos), to add variety of places, numbers and spellings to the hand-written lines. It tops each label up
 * to about 205 lines but never writes more than half as many lines as a label has hand-written ones, so
 * generated lines stay at most a third of any label. Questions are all hand-written.
 *
 *   npx tsx scripts/examples/generate-fr.ts
 *
 * Deterministic (fixed seed): running it twice gives the same file.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CATEGORY_IDS, CategoryId } from '../../cases/categories';
import { contract, Dice, REPLIES } from './frReplies';
import { sameContent } from './frTextKeys';

const EXAMPLES_DIR = path.resolve(__dirname, '..', '..', 'locales', 'fr', 'examples');
const OUTPUT = path.join(EXAMPLES_DIR, 'generated.jsonl');

/** Mulberry32: a small seeded generator, so the file only changes when this script does. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = seeded(20260311);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
const chance = (p: number): boolean => random() < p;
const dice: Dice = { pick, chance, below: (n) => Math.floor(random() * n) };

/** Lines per label the generator aims at; it never writes more than half the hand-written count. */
const TARGET_PER_LABEL = 205;

/** Streets of the sample town as francophones write them (French word order, short forms). */
const STREETS: readonly (readonly string[])[] = [
  ['rue Main', 'Main'],
  ['rue King', 'King', 'King St'],
  ['rue Queen', 'Queen'],
  ['rue Church', 'Church'],
  ['rue Elm', 'Elm', 'Elm St'],
  ['av. Maple', 'avenue Maple', 'Maple'],
  ['rue Oak', 'Oak'],
  ['ch. Birch', 'chemin Birch', 'Birch'],
  ['rue Victoria', 'Victoria'],
  ['av. Park', 'avenue Park'],
  ['rue Wellington', 'Wellington'],
  ['rue Brock', 'Brock'],
  ['croissant Cedar', 'Cedar'],
  ['rue Pine', 'Pine'],
  ['promenade Willow', 'Willow'],
  ['promenade Hillside', 'Hillside'],
  ['ch. Lakeshore', 'chemin Lakeshore', 'Lakeshore'],
  ['rue Mill', 'Mill'],
  ['ch. Station', 'Station'],
];

const LANDMARKS = [
  "devant l'hôtel de ville", 'près de la bibliothèque', "à côté de l'aréna", 'devant le centre communautaire',
  'près du terminus', "en face de l'école", 'proche du dépôt', 'devant le refuge pour animaux',
  "près de l'église sur Church",
];

const PARKS = [
  'au parc Riverside', 'au parc sur av. Park', 'au parc de la rue Maple', 'au parc Hillside', 'au petit parc sur Willow',
  'au parc à chiens', 'au parc près du lac sur Lakeshore', "au parc à côté de l'école Oak", 'au terrain de jeux sur Cedar',
  'au parc de la rue Elm', 'au parc derrière le centre communautaire', 'au parc sur Victoria',
];

/** The cross-street name alone ("King", "Queen"), for intersections. */
const shortName = (street: readonly string[]): string => street[street.length - 1].replace(/ St$/, '');

function place(category: CategoryId): string {
  if (category === 'park') return pick(PARKS);
  const street = pick(STREETS);
  const other = pick(STREETS.filter((s) => s !== street));
  const number = 1 + Math.floor(random() * 320);
  return pick([
    `sur ${pick(street)}`,
    `sur ${street[0]}`,
    pick(street),
    `au ${number} ${street[0]}`,
    `devant le ${number} ${street[0]}`,
    `au coin ${shortName(street)} et ${shortName(other)}`,
    `coin ${/^[AEIOU]/.test(shortName(street)) ? "d'" : 'de '}${shortName(street)} et ${shortName(other)}`,
    `${shortName(street)}/${shortName(other)}`,
    `à l'intersection ${shortName(street)} et ${shortName(other)}`,
    pick(LANDMARKS),
  ]);
}

/** Noun phrases ("un nid de poule") and whole statements ("la rue est défoncée") per category. */
const PHRASES: Record<CategoryId, { things: string[]; statements: string[] }> = {
  pothole: {
    things: ['un nid de poule', 'un gros nid-de-poule', 'un trou dans la rue', "un trou dans l'asphalte", 'un pothole', 'des nids de poule', 'un trou profond dans la chaussée', 'un cratère dans la rue'],
    statements: ['la rue est toute défoncée', "j'ai pété mon pneu dans un trou", 'la chaussée est effondrée', "l'asphalte est parti pis ça fait un trou"],
  },
  streetlight: {
    things: ['un lampadaire brûlé', 'un lampadaire qui clignote', 'un streetlight out', 'une lumière de rue éteinte', 'un lampadaire qui marche pas', 'un réverbère brisé'],
    statements: ['le lampadaire est brûlé', "c'est tout noir, les lampadaires sont éteints", 'la lumière de rue clignote toute la nuit', 'le streetlight est out'],
  },
  traffic_signal: {
    things: ['un feu de circulation brisé', 'des feux pognés au rouge', 'un stop tombé', "un panneau d'arrêt arraché", 'un feu piéton qui marche pas', 'des feux éteints', 'un panneau de signalisation plié'],
    statements: ['le feu est bloqué au rouge', 'les lumières de trafic marchent pas', 'le panneau stop est à terre', 'le feu clignote rouge dans tous les sens'],
  },
  sidewalk: {
    things: ['un trottoir brisé', 'un trottoir soulevé', 'une dalle de trottoir craquée', 'un trou dans le trottoir', 'un trottoir tout croche', 'une bordure de trottoir cassée'],
    statements: ['le trottoir est fendu pis soulevé', "j'ai trébuché sur le trottoir brisé", 'le trottoir s’effrite', 'le trottoir est défoncé'],
  },
  graffiti: {
    things: ['des graffitis', 'du tag', 'du spray paint sur un mur', "des graffitis sur l'abribus", 'des graffitis obscènes', 'des tags sur la clôture'],
    statements: ["quelqu'un a tagué le mur", 'les murs sont couverts de graffitis', "quelqu'un a sprayé des mots vulgaires"],
  },
  missed_collection: {
    things: ['une collecte manquée', 'des vidanges pas ramassées', 'un bac bleu pas vidé', 'un bac vert oublié', 'du recyclage pas ramassé'],
    statements: ['ils ont pas ramassé les vidanges', 'pas de collecte aujourd’hui', 'le camion a oublié mon bac', 'le recyclage a pas été ramassé', 'pas de pickup ce matin'],
  },
  illegal_dumping: {
    things: ['un matelas abandonné', 'des pneus jetés', 'un divan laissé sur le trottoir', 'un dépotoir illégal', 'des sacs de vidanges dumpés', 'un frigo abandonné'],
    statements: ["quelqu'un a dumpé des cochonneries", 'du monde jette leurs déchets', "quelqu'un a laissé un matelas"],
  },
  abandoned_vehicle: {
    things: ['un char abandonné', 'une auto sans plaques', 'un véhicule abandonné', 'une vieille van qui bouge pas depuis un mois', 'un char rouillé sans plaques'],
    statements: ['le même char bouge pas depuis 3 semaines', "une auto est abandonnée là depuis l'été", 'un véhicule sans plaques est stationné depuis des semaines'],
  },
  parking: {
    things: ['un char stationné sur le trottoir', 'un char qui bloque mon entrée', 'du stationnement illégal', 'un camion stationné en double', 'un char devant la borne-fontaine'],
    statements: ["quelqu'un bloque mon entrée", 'un char est mal stationné', 'une auto est stationnée dans la place handicapée sans vignette'],
  },
  noise: {
    things: ['de la musique trop forte', 'un party bruyant', 'du bruit de construction à 6h', 'du bruit toute la nuit', 'une alarme qui sonne depuis une heure'],
    statements: ['les voisins font un party pis il est 2h', 'la musique est à fond depuis minuit', 'ça crie dans la rue en pleine nuit', 'le chantier commence à 5h du matin'],
  },
  property_standards: {
    things: ['un terrain plein de vidanges', 'du gazon pas coupé depuis des mois', 'une maison abandonnée', 'des rats dans la cour du voisin', 'une cour pleine de cochonneries'],
    statements: ["l'herbe est rendue à 3 pieds", 'le terrain est une jungle', 'la maison tombe en ruine', 'le proprio répare rien dans mon logement'],
  },
  tree: {
    things: ['une branche tombée', 'un arbre mort', 'un arbre tombé', 'une branche cassée qui pend', 'un arbre qui penche dangereusement'],
    statements: ['un arbre est tombé sur le trottoir', "la branche pend au-dessus de la rue", "l'arbre de la ville est mort"],
  },
  water: {
    things: ["une fuite d'eau", "un bris d'aqueduc", "de l'eau qui sort de la rue", 'une borne-fontaine qui coule', 'un water main break'],
    statements: ["on a pu d'eau", "l'eau jaillit de l'asphalte", "de l'eau coule de sous la rue", 'pas d’eau depuis ce matin'],
  },
  sewer_flooding: {
    things: ["un refoulement d'égout", 'un sous-sol inondé', 'un égout bouché', 'une rue inondée', 'un puisard bouché'],
    statements: ["l'égout refoule dans mon sous-sol", 'la rue est inondée', "ça sent l'égout pis ça déborde", 'la grille est bouchée pis ça fait un lac'],
  },
  snow_ice: {
    things: ['un trottoir glacé', 'une rue pas déneigée', 'de la glace noire', 'un banc de neige qui bloque la vue', 'un trottoir pas déblayé'],
    statements: ['la charrue est jamais passée', "le trottoir est une patinoire", 'y a pas de sel sur la côte', "c'est pas déneigé depuis la tempête"],
  },
  animal: {
    things: ['un chien qui jappe sans arrêt', 'un raton mort', 'un animal mort', 'un chien errant', 'un coyote', 'une mouffette morte', 'un chien lousse'],
    statements: ['le chien du voisin jappe toute la nuit', 'y a un chevreuil mort dans le fossé', 'un chien sans laisse court après le monde'],
  },
  park: {
    things: ['une balançoire brisée', 'des toilettes fermées', 'des jeux d’eau brisés', 'une glissade cassée', 'la clôture du parc à chiens brisée', 'un banc cassé'],
    statements: ['les toilettes sont barrées', 'la structure de jeux est dangereuse', 'le filet de tennis est déchiré', 'les jeux d’eau marchent pas'],
  },
  other: {
    things: ['un problème', 'un abribus brisé', "des paniers d'épicerie abandonnés", 'de la boue du chantier dans la rue', 'un garde-fou brisé', 'un parcomètre brisé', 'des lignes de rue effacées'],
    statements: ['les chars roulent trop vite', "y'a un problème", 'le chantier a laissé un dégât dans la rue'],
  },
};

const OPENERS = ['', '', '', 'bonjour ', 'bonjour, ', 'salut ', 'allo ', 'bonsoir ', 'hey '];
const CLOSERS = ['', '', '', ' svp', ' stp', ' merci', ' mrc', ' !!', ' 😡', ' 🙏', ' depuis hier', ' depuis 2 jours', ' ça fait une semaine', ', pouvez-vous venir voir'];

function sentence(category: CategoryId): string {
  const { things, statements } = PHRASES[category];
  const where = place(category);
  const thing = pick(things);
  const body = pick([
    `y'a ${thing} ${where}`,
    `il y a ${thing} ${where}`,
    `${thing} ${where}`,
    `${thing} ${where}`,
    `je veux signaler ${thing} ${where}`,
    `signaler ${thing} ${where}`,
    `${where}: ${thing}`,
    `${pick(statements)} ${where}`,
    `${where}, ${pick(statements)}`,
  ]);
  return `${pick(OPENERS)}${body}${pick(CLOSERS)}`;
}

/** How people type: accents dropped, short forms, a slipped letter. */
function texted(text: string): string {
  let out = text;
  if (chance(0.2)) out = out.replace(/il y a /g, 'ya ').replace(/y'a /g, 'ya ');
  if (chance(0.15)) out = out.replace(/\bpis\b/g, 'pi');
  if (chance(0.15)) out = out.replace(/\bquelqu'un\b/g, 'qqn');
  if (chance(0.1)) out = out.replace(/\bdepuis\b/g, 'dpuis');
  if (chance(0.35)) out = out.normalize('NFD').replace(/\p{M}/gu, '');
  if (chance(0.12)) {
    const words = out.split(' ');
    const i = Math.floor(random() * words.length);
    const w = words[i];
    if (w.length > 4 && /^[\p{L}]+$/u.test(w)) {
      const j = 1 + Math.floor(random() * (w.length - 2));
      words[i] = w.slice(0, j) + w[j + 1] + w[j] + w.slice(j + 2);
      out = words.join(' ');
    }
  }
  if (chance(0.2)) out = out.charAt(0).toUpperCase() + out.slice(1);
  return out.replace(/\s+/g, ' ').trim();
}

/** Label of a line: the category of a report, the intent of anything else (questions are not generated). */
function labelOf(example: { intent: string; category?: string }): string {
  return example.category ?? example.intent;
}

function handWritten(): { counts: Map<string, number>; seen: Set<string> } {
  const counts = new Map<string, number>();
  const seen = new Set<string>();
  for (const file of readdirSync(EXAMPLES_DIR)) {
    if (!file.endsWith('.jsonl') || file.startsWith('generated')) continue;
    for (const line of readFileSync(path.join(EXAMPLES_DIR, file), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const example = JSON.parse(line) as { text: string; intent: string; category?: string };
      seen.add(sameContent(example.text));
      counts.set(labelOf(example), (counts.get(labelOf(example)) ?? 0) + 1);
    }
  }
  return { counts, seen };
}

/** Up to `wanted` new lines from `make`, none saying what a line already says. */
function generate(wanted: number, seen: Set<string>, make: () => { text: string; gas?: boolean }, label: Record<string, string>): string[] {
  const lines: string[] = [];
  for (let attempt = 0; lines.length < wanted && attempt < wanted * 50; attempt++) {
    // Compared before typos are added, so a slipped letter never passes for a new sentence.
    const made = make();
    const text = contract(made.text);
    const gas = made.gas;
    const key = sameContent(text);
    if (seen.has(key)) continue;
    seen.add(key);
    lines.push(JSON.stringify({ text: texted(text), ...label, ...(gas ? { gas } : {}) }));
  }
  console.log(`${Object.values(label).pop()?.padEnd(20)} ${lines.length} generated`);
  return lines;
}

function main(): void {
  const { counts, seen } = handWritten();
  const wanted = (label: string): number => {
    const hand = counts.get(label) ?? 0;
    return Math.min(Math.floor(hand / 2), Math.max(0, TARGET_PER_LABEL - hand));
  };
  const lines = [
    ...CATEGORY_IDS.flatMap((category) =>
      generate(wanted(category), seen, () => ({ text: sentence(category) }), { intent: 'report_problem', category }),
    ),
    ...Object.entries(REPLIES).flatMap(([intent, build]) =>
      generate(wanted(intent), seen, () => build(dice, () => place('other')), { intent }),
    ),
  ];
  writeFileSync(OUTPUT, `${lines.join('\n')}\n`);
  console.log(`${lines.length} lines written to ${path.relative(process.cwd(), OUTPUT)}`);
}

main();
