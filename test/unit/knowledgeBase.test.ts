import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import matter from 'gray-matter';
import { KnowledgeBase } from '../../understanding/KnowledgeBase';
import { loadVocabularies } from '../../understanding/Vocabulary';
import { PROJECT_ROOT } from '../support/paths';

const KNOWLEDGE_DIR = path.join(PROJECT_ROOT, 'knowledge');
const vocabularies = loadVocabularies(path.join(PROJECT_ROOT, 'locales'), ['en', 'fr']);
const newKnowledgeBase = () => new KnowledgeBase('en', (locale) => vocabularies.get(locale)?.stopWords ?? []);
const knowledge = newKnowledgeBase().load(KNOWLEDGE_DIR);
const best = (question: string) => knowledge.search(question, 'en')[0];

describe('KnowledgeBase: answers to residents questions', () => {
  it('loads every English topic', () => {
    expect(knowledge.topicCount('en')).toBeGreaterThanOrEqual(25);
    expect(knowledge.topicCount('en')).toBe(readdirSync(path.join(KNOWLEDGE_DIR, 'en')).filter((f) => f.endsWith('.md')).length);
  });

  it.each<[string, string, string | RegExp]>([
    ['how do I license my dog?', 'dog-licence', '$'],
    ['how much is a dog tag', 'dog-licence', '$30'],
    ['when is garbage day on Elm St?', 'collection-schedule', 'Elm St'],
    ['what day is recycling picked up on king st', 'collection-schedule', 'Monday'],
    ['do I need a permit for a deck?', 'deck-permit', '60 cm'],
    ['when are property taxes due?', 'property-tax', /due/i],
    ['can I park on the street overnight in winter?', 'winter-parking', '2 a.m.'],
    ['whats the overnight parking ban', 'winter-parking', '$50'],
    ['what are the swim times at the pool', 'swim-schedule', /\d/],
    ['who is my councillor?', 'contact-councillor', /ward/i],
    ['how do I get rid of an old couch?', 'bulky-items', /couch|furniture|bulky/i],
    ['bulky item pickup', 'bulky-items', /\$|free/],
    ['how do i pay my water bill', 'water-bill', /pay/i],
    ['do i need a permit for a shed', 'shed-permit', /permit/i],
    ['how do i pay a parking ticket', 'parking-tickets', /ticket/i],
    ['can i have a fire in my backyard', 'burn-permit', /fire/i],
    ['where do i drop off old paint', 'hazardous-waste', /paint/i],
    ['how tall can my fence be', 'fence-rules', /\d/],
    ['i lost my cat', 'lost-pet', /\d{3}-\d{4}|elmhurst\.example/],
    // Topics that share words: the one the resident means wins.
    ['what do i do with leaves', 'yard-waste', /leaves/],
    ['leaf pickup', 'yard-waste', /paper yard waste bags/],
    ['my dog ran away what do i do', 'lost-pet', '905-555-0311'],
    ['when do they plow', 'snow-plowing', /5 cm/],
    ['the plow left a snowbank at the end of my driveway', 'windrows', /windrow/],
    ['the power is out on my street', 'power-outage', 'Elmhurst Hydro at 905-555-0199'],
    ['who do i call when hydro is out', 'power-outage', /911/],
  ])('%j -> %s, with a concrete answer', (question, topicId, concrete) => {
    const match = best(question);
    expect(match?.topic.id).toBe(topicId);
    if (typeof concrete === 'string') expect(match!.topic.answer).toContain(concrete);
    else expect(match!.topic.answer).toMatch(concrete);
  });

  it.each<[string, string]>([
    ['dog lisense', 'dog-licence'],
    ['swiming times', 'swim-schedule'],
    ['recyling day', 'collection-schedule'],
    ['councilor', 'contact-councillor'],
    ['parkng ban', 'winter-parking'],
  ])('typo %j still finds %s', (question, topicId) => {
    expect(best(question)?.topic.id).toBe(topicId);
  });

  it.each(['xyzzy', 'what is the meaning of life', 'asdf qwerty', 'recommend a good restaurant', 'i want a good meal', ''])(
    '%j has no answer',
    (question) => {
      expect(knowledge.search(question, 'en')).toEqual([]);
    },
  );

  // A wrong answer is worse than "I don't know": a short word one letter off another ("mall" ~ "hall") is no typo.
  it.each<[string, string]>([
    ['is the mall open', 'contact-town-hall'],
    ['who won the game last night', 'parking-tickets'],
    ['recommend a good restaurant', 'green-bin'],
  ])('%j is not answered with %s', (question, wrongTopic) => {
    expect(knowledge.search(question, 'en').map((m) => m.topic.id)).not.toContain(wrongTopic);
  });

  it('returns at most the requested number of answers, best first', () => {
    const matches = knowledge.search('garbage recycling green bin pickup', 'en', 2);
    expect(matches.length).toBe(2);
    expect(matches[0].score).toBeGreaterThanOrEqual(matches[1].score);
  });

  it.each<[string, string, string | RegExp]>([
    ["c'est quand les vidanges sur la rue Elm", 'collection-schedule', 'Mardi : Elm St'],
    ['combien coute la medaille du chien', 'dog-licence', '30 $'],
    ['ça prend tu un permis pour un deck', 'deck-permit', '60 cm'],
    ['je peux me stationner dans la rue la nuit en hiver', 'winter-parking', '2 h à 6 h'],
    ["je fais quoi avec mes feuilles mortes", 'yard-waste', /[Ff]euilles/],
    ["mon chien s'est sauvé je fais quoi", 'lost-pet', '905-555-0311'],
    ['ils passent quand la charrue', 'snow-plowing', '5 cm'],
    ["y'a pu de courant dans ma rue", 'power-outage', 'Elmhurst Hydro'],
    ["j'ai pas d'eau", 'water-main-break', '24 h sur 24'],
    ['est ce que je peux mettre une boite de pizza dans le bac vert', 'green-bin', 'pizza'],
  ])('French: %j -> %s, answered in French', (question, topicId, concrete) => {
    const match = knowledge.search(question, 'fr')[0];
    expect(match?.topic.id).toBe(topicId);
    if (typeof concrete === 'string') expect(match!.topic.answer).toContain(concrete);
    else expect(match!.topic.answer).toMatch(concrete);
  });

  it('answers in English when a language has no knowledge folder', () => {
    expect(knowledge.search('how do I license my dog?', 'xx')[0]?.topic.id).toBe('dog-licence');
  });

  it.each(['en', 'fr'])('every listed %s question of nearly every topic finds its own topic', (locale) => {
    const files = readdirSync(path.join(KNOWLEDGE_DIR, locale)).filter((f) => f.endsWith('.md'));
    const misses: string[] = [];
    let total = 0;
    for (const file of files) {
      const { data } = matter(readFileSync(path.join(KNOWLEDGE_DIR, locale, file), 'utf8'));
      for (const question of data.questions as string[]) {
        total++;
        if (knowledge.search(question, locale)[0]?.topic.id !== data.id) misses.push(`${data.id}: ${question}`);
      }
    }
    expect(total).toBeGreaterThan(100);
    // Some questions honestly overlap two topics (e.g. "accessible parking permit"); more than a handful is a regression.
    expect(misses.length).toBeLessThanOrEqual(3);
  });
});

describe('KnowledgeBase: files the city edits', () => {
  const files = readdirSync(KNOWLEDGE_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((dir) => readdirSync(path.join(KNOWLEDGE_DIR, dir.name)).filter((f) => f.endsWith('.md')).map((f) => `${dir.name}/${f}`));

  // The length in SMS is checked with the link line, per language, in locales.test.ts.
  it.each(files)('%s is plain text', (file) => {
    const { content } = matter(readFileSync(path.join(KNOWLEDGE_DIR, file), 'utf8'));
    const body = content.trim();
    expect(body.length).toBeGreaterThan(0);
    expect(body).toMatch(/^[\p{L}\x20-\x7E\n]+$/u); // letters and keyboard characters: no curly quotes, dashes, emoji or odd spaces
    expect(body).not.toMatch(/^\s*(?:#|[-*+] |\d+\. )/m); // no headings or lists
    expect(body).not.toMatch(/\*\*|__|\]\(|<[a-z/]/i); // no bold, markdown links or HTML
  });

  describe('a malformed topic stops loading with the file named', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'civicline-kb-'));
      mkdirSync(path.join(dir, 'en'));
      writeTopic('good-topic', topic({ id: 'good-topic' }));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    const writeTopic = (name: string, text: string) => writeFileSync(path.join(dir, 'en', `${name}.md`), text);

    it.each<[string, string, RegExp]>([
      ['missing title', topic({ id: 'broken', title: null }), /title/],
      ['id not matching the file name', topic({ id: 'something-else' }), /id "something-else" must match the file name/],
      ['empty body', topic({ id: 'broken', body: '   \n' }), /answer .* is empty/],
      ['no questions', topic({ id: 'broken', questions: null }), /questions/],
      ['id not kebab-case', topic({ id: 'Broken_Topic' }), /kebab-case/],
    ])('%s', (_problem, text, reason) => {
      writeTopic('broken', text);
      const load = () => newKnowledgeBase().load(dir);
      expect(load).toThrow(path.join(dir, 'en', 'broken.md'));
      expect(load).toThrow(reason);
    });

    it('a well-formed folder loads', () => {
      const kb = newKnowledgeBase().load(dir);
      expect(kb.topicCount('en')).toBe(1);
      expect(kb.search('how do I adopt a unicorn', 'en')[0]?.topic.id).toBe('good-topic');
    });
  });
});

function topic(fields: { id: string; title?: string | null; questions?: string[] | null; body?: string }): string {
  const lines = ['---', `id: ${fields.id}`];
  if (fields.title !== null) lines.push(`title: ${fields.title ?? 'Unicorn adoption'}`);
  if (fields.questions !== null) lines.push('questions:', ...(fields.questions ?? ['How do I adopt a unicorn?']).map((q) => `  - ${q}`));
  lines.push('keywords: [unicorn, adopt]', 'topic: animals', 'url: https://www.elmhurst.example/unicorns', '---');
  return `${lines.join('\n')}\n${fields.body ?? 'Unicorns are adopted at Town Hall.'}\n`;
}
