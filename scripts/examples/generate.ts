/**
 * Adds variety the hand-written English examples lack: more streets, house numbers, intersections, landmarks,
 * greetings around a report, typos, case-number formats. Writes locales/en/examples/generated.jsonl.
 *
 *   npx tsx scripts/examples/generate.ts
 *
 * Hand-written lines stay the bulk of every label: each label gets at most half as many generated lines as it
 * has hand-written ones (so under a third of the label), and only as many as it takes to reach TARGET.
 * Every generated line differs from every other line in more than a street name or number. The output is
 * the same on every run (seeded), so the committed file is reproducible.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CATEGORY_IDS, type CategoryId } from '../../cases/categories';
import { sameSentenceKey, sameWordsKey } from './textKeys';

const TARGET = 210;
const MIN_GENERATED_PER_CATEGORY = 50;
const dir = join(__dirname, '..', '..', 'locales', 'en', 'examples');
const outFile = 'generated.jsonl';

interface Example {
  text: string;
  intent: string;
  category?: string;
  topic?: string;
  gas?: boolean;
}

/** mulberry32: small, seeded, good enough to pick words. */
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

// ---- places of the sample town ----
const STREETS: Array<[string, string, string]> = [
  ['main', 'st', 'street'], ['king', 'st', 'street'], ['queen', 'st', 'street'], ['church', 'st', 'street'],
  ['elm', 'st', 'street'], ['maple', 'ave', 'avenue'], ['oak', 'st', 'street'], ['birch', 'rd', 'road'],
  ['victoria', 'st', 'street'], ['park', 'ave', 'avenue'], ['wellington', 'st', 'street'], ['brock', 'st', 'street'],
  ['cedar', 'cres', 'crescent'], ['pine', 'st', 'street'], ['willow', 'dr', 'drive'], ['hillside', 'dr', 'drive'],
  ['lakeshore', 'rd', 'road'], ['mill', 'st', 'street'], ['station', 'rd', 'road'],
];
const LANDMARKS = [
  'by the library', 'outside town hall', 'near the arena', 'behind the community centre', 'at riverside park',
  'near the waste depot', 'by the animal shelter', 'at the downtown terminal', 'near the westview library',
  'by the church st lot', 'near the beach on lakeshore', 'by the tim hortons on king', 'near the school on maple',
  'across from the arena', 'in front of the community centre', 'by the plaza on wellington', 'near the tracks on station',
];

function street(): string {
  const [name, short, long] = pick(STREETS);
  const form = random();
  if (form < 0.5) return `${name} ${short}`;
  if (form < 0.7) return `${name} ${long}`;
  return name;
}
function twoStreets(): [string, string] {
  const a = pick(STREETS)[0];
  let b = pick(STREETS)[0];
  while (b === a) b = pick(STREETS)[0];
  return [a, b];
}
function address(): string {
  return `${1 + Math.floor(random() * 450)} ${street()}`;
}
function intersection(): string {
  const [a, b] = twoStreets();
  return pick([`${a} and ${b}`, `${a} & ${b}`, `${a}/${b}`, `cnr of ${a} and ${b}`, `corner of ${a} & ${b}`,
    `${a} n ${b}`]);
}

const PARKS = ['at riverside park', 'in riverside park', 'at the park on park ave', 'at the beach on lakeshore',
  'at the playground by the community centre', 'at the parkette on queen', 'at the dog park in riverside park',
  'at the splash pad', 'at the playground behind the westview library', 'at the skate park', 'at the ball diamond',
  'at the park at the end of cedar cres', 'at the pavilion in riverside park'];

type PlaceKind = 'address' | 'street' | 'corner' | 'landmark' | 'park';
function place(kinds: readonly PlaceKind[]): string {
  switch (pick(kinds)) {
    case 'address':
      return `${pick(['at', 'at', 'outside', 'in front of', 'near', ''])} ${address()}`.trim();
    case 'street':
      return `${pick(['on', 'on', 'on', 'along', 'down'])} ${street()}`;
    case 'corner':
      return `${pick(['at', 'at', ''])} ${intersection()}`.trim();
    case 'landmark':
      return pick(LANDMARKS);
    case 'park':
      return pick(PARKS);
  }
}

// ---- the way people type ----
const PREFIXES = ['', '', '', '', 'hi ', 'hey ', 'hello, ', 'fyi ', 'heads up ', 'just reporting ', 'ok so ', 'um ', 'hi there '];
const SUFFIXES = ['', '', '', '', ' pls fix', ' please fix', ' thx', ' asap', '!!', ' 😡', ' 🙄', ' been like this for a week',
  ' for days now', ' since monday', ' 2nd time reporting', ' can someone come look', ' pls send someone', ' thank you',
  ' its getting worse', ' nobody has done anything'];

/** One slip of the thumb in a longer word: a letter dropped, doubled or swapped. */
function typo(text: string): string {
  const words = text.split(' ');
  const candidates = words.map((w, i) => [w, i] as const).filter(([w]) => /^[a-z]{5,}$/.test(w));
  if (candidates.length === 0) return text;
  const [w, i] = pick(candidates);
  const at = 1 + Math.floor(random() * (w.length - 2));
  const kind = random();
  if (kind < 0.4) words[i] = w.slice(0, at) + w.slice(at + 1);
  else if (kind < 0.7) words[i] = w.slice(0, at) + w[at] + w.slice(at);
  else words[i] = w.slice(0, at - 1) + w[at] + w[at - 1] + w.slice(at + 1);
  return words.join(' ');
}
function tidy(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Takes a line if it says something no other line says (compared before the typo, so a slip of the thumb
 * does not make a new sentence), then gives a fifth of them a typo.
 */
function accept(clean: string, words: Set<string>, sentences: Set<string>): string | null {
  const s = sameSentenceKey(clean);
  if (words.has(sameWordsKey(clean)) || (s !== null && sentences.has(s))) return null;
  const text = chance(0.2) ? typo(clean) : clean;
  if (words.has(sameWordsKey(text))) return null;
  words.add(sameWordsKey(clean)).add(sameWordsKey(text));
  if (s !== null) sentences.add(s);
  return text;
}

// ---- reports: what, and where it can be ----
interface ReportPattern {
  what: string[];
  where: PlaceKind[];
}
const ALL_PLACES: PlaceKind[] = ['address', 'street', 'corner', 'landmark'];
const REPORTS: Record<CategoryId, ReportPattern> = {
  pothole: { where: ALL_PLACES, what: ['pothole', 'big pothole', 'huge pot hole', 'deep hole in the road', 'potholes',
    'hole in the pavement', 'sinkhole', 'road caving in', 'crater in the road', 'pothole that keeps getting bigger',
    'pothole in the bike lane', 'broken asphalt and a hole', 'pothole full of water', 'nasty pothole'] },
  streetlight: { where: ALL_PLACES, what: ['streetlight out', 'street light out', 'street lamp not working',
    'light pole flickering', 'streetlight flickering all night', 'burnt out streetlight', 'street light on all day',
    'lamp post broken', 'no street light, its pitch dark', 'streetlight keeps turning on and off', 'streetlight dead',
    'light out over the sidewalk'] },
  traffic_signal: { where: ['corner', 'corner', 'corner', 'landmark'], what: ['traffic light stuck on red',
    'traffic lights out', 'signal flashing red', 'stop sign knocked down', 'stop sign missing', 'walk signal broken',
    'left turn arrow not working', 'street sign missing', 'lights stuck on green', 'ped button broken',
    'traffic signal dead', 'yield sign down', 'signal never changes'] },
  sidewalk: { where: ['address', 'street', 'corner', 'landmark'], what: ['cracked sidewalk', 'sidewalk heaved up',
    'broken sidewalk', 'trip hazard on the sidewalk', 'uneven sidewalk slab', 'hole in the sidewalk',
    'sidewalk crumbling', 'curb ramp broken', 'sidewalk sinking', 'raised sidewalk, people tripping',
    'missing piece of sidewalk', 'sidewalk lifted by roots'] },
  graffiti: { where: ALL_PLACES, what: ['graffiti', 'spray paint on the wall', 'tags on the bus shelter',
    'graffiti on the fence', 'spray painted swear words', 'graffiti on the hydro box', 'someone tagged the building',
    'fresh graffiti', 'graffiti on the stop sign', 'spray paint all over the bench', 'offensive graffiti'] },
  missed_collection: { where: ['address', 'address', 'street'], what: ['garbage not picked up', 'missed pickup',
    'recycling not picked up', 'green bin missed', 'no pickup today', 'they skipped my garbage', 'blue bin not emptied',
    'missed collection', 'truck never came for the garbage', 'recyling missed', 'garbadge still at the curb',
    'yard waste bags left behind', 'no garbage pickup this week'] },
  illegal_dumping: { where: ALL_PLACES, what: ['mattress dumped', 'couch dumped', 'someone dumped garbage bags',
    'illegal dumping', 'old tires dumped', 'construction junk dumped', 'fridge left on the boulevard',
    'pile of junk dumped', 'furniture dumped on the sidewalk', 'someone dumped a tv', 'dumped renovation garbage'] },
  abandoned_vehicle: { where: ['address', 'street', 'landmark'], what: ['abandoned car', 'car with no plates',
    'car hasnt moved in weeks', 'junk car on the street', 'van sitting for a month', 'car with flat tires for weeks',
    'abandoned vehicle', 'car with expired plates never moves', 'old truck left for weeks', 'derelict car'] },
  parking: { where: ['address', 'street', 'corner', 'landmark'], what: ['car blocking my driveway',
    'car parked on the sidewalk', 'parked in front of the hydrant', 'illegal parking', 'car parked in the bike lane',
    'truck blocking the driveway', 'someone parked in the accessible spot', 'car parked in the fire route',
    'double parked car blocking traffic', 'car parked on the crosswalk', 'cars parked overnight during the ban'] },
  noise: { where: ['address', 'address', 'street'], what: ['loud music', 'loud party', 'noise complaint',
    'construction noise at 6am', 'music blasting at 2am', 'party going all night', 'neighbours screaming and music',
    'power tools at midnight', 'bass so loud my walls shake', 'car alarm going off for an hour', 'loud party again'] },
  property_standards: { where: ['address', 'address', 'street'], what: ['long grass', 'overgrown yard',
    'junk all over the yard', 'rats from the yard full of garbage', 'derelict house', 'weeds taller than me',
    'garbage piled up in the backyard', 'house falling apart', 'landlord wont fix the heat', 'empty house with broken windows',
    'yard full of junk cars'] },
  tree: { where: ALL_PLACES, what: ['fallen branch', 'tree down', 'dead tree on the boulevard', 'branch hanging over the road',
    'big limb on the road', 'town tree leaning', 'broken branch about to fall', 'tree fell across the road',
    'branches blocking the sidewalk', 'tree split in the storm', 'dead branches over the sidewalk'] },
  water: { where: ALL_PLACES, what: ['water gushing from the road', 'water main break', 'no water', 'water leak in the street',
    'hydrant leaking', 'brown water from the tap', 'low water pressure', 'water bubbling up through the road',
    'water running down the street', 'watermain break', 'water coming out of the ground'] },
  sewer_flooding: { where: ALL_PLACES, what: ['sewer backup', 'basement flooding from the drain', 'street flooding',
    'catch basin blocked', 'storm drain clogged', 'road flooded', 'sewage coming up the floor drain', 'manhole overflowing',
    'sewer smell and water backing up', 'flooded street, drain plugged', 'sewage in my basement'] },
  snow_ice: { where: ALL_PLACES, what: ['icy sidewalk', 'road not plowed', 'black ice', 'sidewalk not cleared',
    'road needs salt', 'street still not plowed', 'sheet of ice on the road', 'snowbank blocking the crosswalk',
    'sidewalk buried in snow', 'icy road, cars sliding', 'plow missed our street'] },
  animal: { where: ALL_PLACES, what: ['barking dog', 'dead raccoon on the road', 'loose dog', 'dead deer', 'coyote',
    'stray dog', 'dog barking all day', 'injured cat', 'sick raccoon', 'dead animal on the road', 'aggressive dog',
    'dead skunk'] },
  park: { where: ['park'], what: ['broken swing', 'park washroom locked', 'slide cracked', 'garbage cans overflowing',
    'broken bench', 'playground equipment broken', 'park washroom dirty', 'splash pad not working', 'basketball hoop broken',
    'water fountain broken', 'broken glass in the playground'] },
  other: { where: ALL_PLACES, what: ['cars speeding, need a speed bump', 'bus shelter glass smashed', 'faded crosswalk lines',
    'mud all over the road from construction', 'shopping carts left everywhere', 'broken guardrail',
    'yard sale signs on every pole', 'someone burning garbage', 'overflowing street garbage can', 'needles on the ground',
    'manhole cover missing', 'broken bike rack'] },
};
function report(category: CategoryId): string {
  const p = REPORTS[category];
  const what = pick(p.what);
  const where = place(p.where);
  const body = chance(0.8) ? `${what} ${where}` : `${where.replace(/^(at|on|near|outside|in front of|along|down|in) /, '')} ${what}`;
  return tidy(`${pick(PREFIXES)}${body}${pick(SUFFIXES)}`);
}

// ---- status ----
function caseNumber(): string {
  const n = String(10000000 + Math.floor(random() * 89999999));
  const f = random();
  if (f < 0.55) return n;
  if (f < 0.8) return `${n.slice(0, 4)} ${n.slice(4)}`;
  if (f < 0.9) return `${n.slice(0, 4)}-${n.slice(4)}`;
  return `#${n}`;
}
function permitNumber(): string {
  return `${pick(['BP', 'bp', 'BP'])}-${pick(['2025', '2026', '2026'])}-${String(1 + Math.floor(random() * 999)).padStart(4, '0')}`;
}
function status(): string {
  if (chance(0.25)) {
    return tidy(pick(['status {p}', 'whats happening with {p}', 'any news on my permit {p}', 'is {p} approved yet',
      'permit {p} status pls', 'update on permit {p}', 'where is my application {p} at', 'has {p} been approved',
      'checking on permit {p}', 'hi any update on {p}']).replace('{p}', permitNumber()));
  }
  return tidy(pick(['status {c}', '{c} status', 'status of case {c}', 'any news on {c}', 'update on {c} pls',
    'whats happening with case {c}', 'case {c} any update', 'hi checking on case {c}', 'is case {c} fixed yet',
    'any progress on {c}', 'where is {c} at', 'how is my report {c} going', 'status pls {c}', 'case number {c} status?',
    'still waiting on {c}', 'hey whats up with {c}', 'my case is {c}, any news', 'following up on {c}',
    'is {c} closed', 'can u check {c}']).replace('{c}', caseNumber()));
}

// ---- everything else: a core phrase with a prefix or suffix around it ----
function around(prefixes: string[], cores: string[], suffixes: string[]): () => string {
  return () => tidy(`${pick(prefixes)}${pick(cores)}${pick(suffixes)}`);
}
const SIMPLE: Record<string, () => string> = {
  request_callback: () => tidy(`${pick(['can someone call me', 'pls call me back', 'call me back', 'can i get a call back',
    "i'd like a callback", 'have someone phone me', 'can u call me', 'please give me a call', 'can a person call me',
    'i want a call back'])}${pick(['', ' about my report', ' about my water bill', ' about the tree on my street',
    ' about my permit', ' about case 48219375', ' about my taxes', ' about a parking ticket', ' about the noise next door',
    ' about my bin'])}${pick(['', ' tomorrow', ' after 5', ' this afternoon', ' before noon', ' on this number',
    ' today if possible', ' monday morning', ` at 905-555-0${100 + Math.floor(random() * 899)}`, ' when youre open'])}`),
  talk_to_person: around(['', '', 'can i ', 'i want to ', 'let me ', 'i need to ', 'pls let me ', 'how do i '],
    ['talk to a person', 'speak to a human', 'talk to someone', 'speak to an agent', 'talk to a real person',
      'speak with staff', 'talk to a live agent', 'speak to someone at town hall', 'talk to a representative',
      'chat with a human'], ['', '', ' pls', ' now', ' please', ' not a bot', ' asap', ' thx', ' right away']),
  emergency: () => tidy(`${pick(['', '', 'help ', 'hurry ', 'emergency ', 'pls help '])}${pick(['house fire',
    'fire', 'car on fire', 'smoke pouring out of the house', 'bad accident, people hurt', 'car crash with injuries',
    'someone collapsed', 'man not breathing', 'woman unconscious on the ground', 'power line down and sparking',
    'live wire on the road', 'sparking wires down', 'someone being attacked', 'fight with a knife',
    'kid fell through the ice', 'someone drowning', 'pedestrian hit by a car', 'apartment building on fire',
    'person trapped in a car after a crash'])} ${place(ALL_PLACES)}${pick(['', '', ' hurry', ' send help',
    ' pls hurry', ' right now', '!!!', ' 🚨', ' call 911', ' someone come'])}`),
  change_language: () => tidy(pick([
    `${pick(['', 'can we switch to ', 'switch to ', 'reply in ', 'i want ', 'change language to ', 'text me in ', 'can you do '])}${pick(['french', 'français', 'english', 'spanish', 'punjabi', 'arabic', 'mandarin', 'portuguese', 'tagalog', 'italian'])}${pick(['', ' please', ' pls', ' thanks', ' now', ' if possible'])}`,
    `${pick(['en français', 'en francais', 'français', 'en anglais', 'en español'])} ${pick(['svp', "s'il vous plaît", 'stp', 'merci', 'por favor', 'please'])}`,
  ])),
  help: around(['', '', 'hi ', 'hey ', 'ok ', 'so ', 'hello '], ['what can you do', 'what can i ask', 'how does this work',
    'help', 'menu', 'what are my options', 'how do i use this', 'what is this', 'what do you do', 'show me the options',
    'what can i text'], ['', '', ' pls', ' exactly', ' here', ' for me', ' again', ' thx', ' 🤔']),
  cancel: around(['', '', 'ok ', 'oh ', 'actually ', 'sorry ', 'umm '], ['never mind', 'nvm', 'forget it', 'cancel',
    'cancel that', 'start over', 'stop this report', 'scratch that', 'i changed my mind', 'cancel the report', 'forget about it'],
  ['', '', ' pls', ' thanks', ' its fixed now', ' someone else reported it', ' my mistake', ' lol', " i'll call instead", ' 🙄']),
  greeting: around(['', ''], ['hi', 'hello', 'hey', 'good morning', 'good afternoon', 'good evening', 'bonjour', 'hiya',
    'hey there', 'morning', 'hello hello', 'yo'], [' there', ' elmhurst', ' town', ' everyone', ' 👋', ' 😊', ' folks',
    ' team', ' friend', ' how are you', ' all', ' again', ' town hall', ' its me']),
  thanks: around(['', '', 'ok ', 'great ', 'perfect ', 'awesome ', 'k '], ['thanks', 'thank you', 'thx', 'ty', 'merci',
    'cheers', 'many thanks', 'much appreciated'], [' so much', ' a lot', ' for the help', ' for the info', ' 🙏', ' 👍',
    ' have a good day', ' bye', ' again', ' for your help today', ' for the quick answer', ' elmhurst', '', '']),
  affirm: () => (chance(0.35)
    ? tidy(`${pick(['no photo', 'no pics', 'nothing else', 'nope thats all', 'no more to add', 'no picture', 'nothing to add',
      'no pic sorry', 'thats everything'])}${pick([' send it', ' go ahead and send', ' just send it', ' submit', ' you can send it',
      ', send', ' send pls', ' submit it thx'])}`)
    : tidy(`${pick(['yes', 'yep', 'yeah', 'ok', 'sure', 'yup', 'ya', 'k', 'oui', '👍', 'yea', 'okay'])}${pick([' send it',
      ' go ahead', ' pls', ' thats right', ' correct', ' submit it', " that's it", ' sounds good', ' do it', ' confirm',
      ' looks good', ' perfect', ' 👍', ' exactly', ' please do'])}`)),
  deny: around(['', ''], ['no', 'nope', 'nah', 'non', 'no thanks', 'no no', 'nope nope'], [' dont send it', ' thats wrong',
    ' not that', ' wrong address', ' i dont want that', ' not now', ' not that one', ' wrong one', ' not right',
    ' thats not it', ' not my street', ' no need', ' 👎', ' sorry']),
  unknown: () => (chance(0.4)
    ? Array.from({ length: 4 + Math.floor(random() * 8) }, () => pick('asdfghjklqwertyuiopzxcvbnm'.split(''))).join('')
    : tidy(`${pick(['whats the weather in', 'who won the game in', 'best restaurant in', 'flights to', 'how far is',
      'tell me a fact about', 'what time is it in', 'hotels in', 'write a poem about', 'sing a song about'])} ${pick(['toronto',
      'paris', 'tokyo', 'london', 'new york', 'montreal', 'vancouver', 'the moon', 'dinosaurs', 'my cat', 'pizza', 'space'])}`)),
};

// ---- assemble ----
function readHandWritten(): Example[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl') && !f.startsWith('generated'))
    .flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n').filter((l) => l.trim() !== ''))
    .map((l) => JSON.parse(l) as Example);
}

function labelOf(e: Example): string {
  if (e.intent === 'report_problem') return `report_problem/${e.category}`;
  if (e.intent === 'ask_question') return `ask_question/${e.topic}`;
  return e.intent;
}

function main(): void {
  const hand = readHandWritten();
  const words = new Set(hand.map((e) => sameWordsKey(e.text)));
  const sentences = new Set(hand.map((e) => sameSentenceKey(e.text)).filter((k): k is string => k !== null));
  const handCount = new Map<string, number>();
  for (const e of hand) handCount.set(labelOf(e), (handCount.get(labelOf(e)) ?? 0) + 1);

  const jobs: Array<{ label: string; make: () => Example; min: number }> = [
    ...CATEGORY_IDS.map((id) => ({
      label: `report_problem/${id}`,
      make: (): Example => ({ text: report(id), intent: 'report_problem', category: id }),
      min: MIN_GENERATED_PER_CATEGORY,
    })),
    { label: 'check_status', make: (): Example => ({ text: status(), intent: 'check_status' }), min: 0 },
    ...Object.entries(SIMPLE).map(([intent, make]) => ({
      label: intent,
      make: (): Example => ({ text: make(), intent }),
      min: 0,
    })),
  ];

  const out: Example[] = [];
  for (const job of jobs) {
    const have = handCount.get(job.label) ?? 0;
    const quota = Math.min(Math.floor(have / 2), Math.max(job.min, TARGET - have));
    let made = 0;
    for (let tries = 0; made < quota && tries < quota * 200; tries++) {
      const e = job.make();
      const text = accept(e.text, words, sentences);
      if (text === null) continue;
      out.push({ ...e, text });
      made++;
    }
    if (made < quota) console.error(`${job.label}: only ${made} of ${quota} distinct lines`);
  }
  // a share of the generated emergencies are gas leaks, flagged like the hand-written ones
  const gasLines = makeGas(Math.floor((handCount.get('emergency') ?? 0) / 8), words, sentences);
  writeFileSync(join(dir, outFile), [...out, ...gasLines].map((e) => JSON.stringify(e)).join('\n') + '\n');
  console.log(`${out.length + gasLines.length} lines written to ${outFile}`);
}

function makeGas(count: number, words: Set<string>, sentences: Set<string>): Example[] {
  const lines: Example[] = [];
  for (let tries = 0; lines.length < count && tries < count * 200; tries++) {
    const text = tidy(`${pick(['', '', 'help ', 'urgent ', 'pls hurry '])}${pick(['gas smell', 'smell of gas',
      'gas leak', 'strong gas smell', 'hissing gas line', 'broken gas line', 'natural gas smell', 'smells like gas',
      'gas meter hissing'])} ${place(ALL_PLACES)}${pick(['', '', ' hurry', ' send someone', '!!!', ' 🚨', ' its strong'])}`);
    const accepted = accept(text, words, sentences);
    if (accepted !== null) lines.push({ text: accepted, intent: 'emergency', gas: true });
  }
  return lines;
}

main();
