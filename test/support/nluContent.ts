import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from './paths';

type Line = { text: string; intent: string; category?: string; topic?: string; gas?: boolean };

const report = (category: string, ...texts: string[]): Line[] => texts.map((text) => ({ text, intent: 'report_problem', category }));
const ask = (topic: string, ...texts: string[]): Line[] => texts.map((text) => ({ text, intent: 'ask_question', topic }));
const say = (intent: string, ...texts: string[]): Line[] => texts.map((text) => ({ text, intent }));

/** A small English and French content root: enough for a model that tells these few things apart. */
export const EXAMPLES: Record<string, Line[]> = {
  en: [
    ...report('pothole', 'big pothole on king st', 'potholes all over birch rd', 'huge hole in the road on mill st', 'pothole wrecked my tire on oak st', 'dangerous pothole near the school'),
    ...report('streetlight', 'street light out on queen st', 'streetlight flickering all night on elm', 'the lamp post by the library is dark', 'light pole out on pine st'),
    ...report('missed_collection', 'garbage wasnt picked up on elm st', 'they missed my green bin', 'no pickup today on maple ave', 'recycling not collected on king'),
    ...report('noise', 'loud music from the house next door', 'neighbours party way too loud', 'construction noise at 5am on king st', 'dog barking all night next door'),
    ...ask('dog-licence', 'how do i license my dog', 'where do i get a dog tag', 'dog licence cost?', 'my puppy needs a licence'),
    ...ask('collection-schedule', 'when is garbage day on elm st', 'what day is recycling pickup', 'garbage day this week?', 'when do they collect the trash'),
    ...ask('power-outage', 'power is out on my street', 'power outage on elm st who do i call', 'no electricity in my house', 'the power went out'),
    ...say('check_status', 'status 48219375', 'any news on my report', 'whats happening with my case', 'my reports', 'is case 4821 9375 fixed'),
    ...say('talk_to_person', 'can i speak to someone', 'real person pls', 'i want to talk to a human', 'agent please'),
    ...say('request_callback', 'can someone call me back', 'please call me', 'call me back tomorrow', 'i want a call back'),
    { text: 'i smell gas in my kitchen', intent: 'emergency', gas: true },
    { text: 'strong gas smell outside', intent: 'emergency', gas: true },
    ...say('emergency', 'power line down and sparking on oak st', 'car crash someone is hurt', 'house on fire on main st', 'a man collapsed and isnt breathing', 'smoke coming from the house next door'),
    ...say('affirm', 'yes', 'yep', 'ok', 'sure go ahead', 'looks good send it', 'k'),
    ...say('deny', 'no', 'nope', 'dont send it', 'thats wrong'),
    ...say('greeting', 'hi', 'hello', 'hey there', 'good morning'),
    ...say('thanks', 'thanks', 'thank you so much', 'thx', 'cheers'),
    ...say('help', 'help', 'what can you do', 'menu', 'what can i ask'),
    ...say('cancel', 'never mind', 'forget it', 'stop this report', 'start over'),
    ...say('change_language', 'french please', 'can we speak french', 'in french'),
    ...say('unknown', 'asdfgh', 'tell me a joke', 'whats the meaning of life', 'who won the game'),
  ],
  fr: [
    ...report('pothole', 'gros nid-de-poule sur la rue King', 'des nids-de-poule partout sur le chemin Birch', 'un trou dans la chaussée sur Mill'),
    ...report('streetlight', 'le lampadaire est éteint sur la rue Queen', 'lampadaire qui clignote toute la nuit', 'la lumière de rue est brûlée'),
    ...report('missed_collection', 'les vidanges ont pas été ramassées sur Elm', 'ils ont oublié mon bac vert', 'pas de collecte aujourd’hui sur Maple'),
    ...report('noise', 'musique forte chez le voisin', 'le party du voisin est trop fort', 'du bruit de construction à 5h du matin'),
    ...ask('dog-licence', 'comment faire la licence de mon chien', 'où acheter une médaille pour mon chien', 'combien coûte la licence pour chien'),
    ...ask('collection-schedule', 'quel jour passent les vidanges sur Elm', 'c’est quand la collecte du recyclage', 'quand est la collecte des ordures'),
    ...say('check_status', 'état de mon dossier 48219375', 'des nouvelles de mon signalement', 'mes signalements'),
    ...say('talk_to_person', 'je veux parler à quelqu’un', 'une vraie personne svp'),
    { text: 'ça sent le gaz dans ma maison', intent: 'emergency', gas: true },
    ...say('emergency', 'un fil électrique est tombé et fait des étincelles', 'la maison du voisin est en feu'),
    ...say('affirm', 'oui', 'ouais', 'c’est correct envoie'),
    ...say('deny', 'non', 'nan', 'envoie pas ça'),
    ...say('greeting', 'bonjour', 'allo', 'bonsoir'),
    ...say('thanks', 'merci', 'merci beaucoup'),
    ...say('help', 'aide', 'qu’est-ce que tu peux faire'),
    ...say('cancel', 'laisse faire', 'annuler'),
    ...say('change_language', 'english please', 'en anglais svp'),
    ...say('unknown', 'qsdfgh', 'raconte-moi une blague'),
  ],
};

const SENTENCES: Record<string, string[]> = {
  en: [
    'Hi! This is the Town of Elmhurst. You can ask a question or report a problem.',
    'Where is it? Send the address or the nearest corner.',
    'Thanks, your report was sent. We will text you when the status changes.',
    'Sorry, I did not understand that. Please try again with different words.',
    'Garbage and recycling are picked up every week on your collection day.',
  ],
  fr: [
    'Bonjour! Ici la Ville d’Elmhurst. Vous pouvez poser une question ou signaler un problème.',
    'C’est où? Envoyez l’adresse ou le coin de rue le plus proche.',
    'Merci, votre signalement a été envoyé. Nous vous écrirons quand son état changera.',
    'Désolé, je n’ai pas compris. Essayez encore avec d’autres mots.',
    'Les ordures et le recyclage sont ramassés chaque semaine le jour de votre collecte.',
  ],
};

const TOPICS: Record<string, { id: string; title: string; questions: string[]; keywords: string[] }[]> = {
  en: [
    { id: 'dog-licence', title: 'Dog licences', questions: ['How do I license my dog?', 'How much is a dog tag?'], keywords: ['dog', 'licence', 'tag'] },
    { id: 'collection-schedule', title: 'Garbage day', questions: ['When is garbage day?', 'What day is recycling?'], keywords: ['garbage', 'recycling', 'day'] },
    { id: 'power-outage', title: 'Power outages', questions: ['The power is out, who do I call?'], keywords: ['power', 'outage', 'hydro'] },
  ],
  fr: [
    { id: 'dog-licence', title: 'Licences pour chiens', questions: ['Comment obtenir une licence pour mon chien?'], keywords: ['chien', 'licence', 'médaille'] },
    { id: 'collection-schedule', title: 'Jour de collecte', questions: ['Quel jour est la collecte des ordures?'], keywords: ['ordures', 'recyclage', 'collecte'] },
    { id: 'power-outage', title: 'Pannes de courant', questions: ['Il y a une panne de courant, qui appeler?'], keywords: ['panne', 'courant', 'électricité'] },
  ],
};

/** A language added later: Chinese, written without spaces. Examples and a few sentences, no code. */
export const CHINESE: { examples: Line[]; sentences: string[] } = {
  examples: [
    ...report('streetlight', '我家门口的路灯坏了', '路灯不亮了', '街上的路灯坏了好几天'),
    ...report('pothole', '国王街上有一个大坑', '路上有个大坑，车胎坏了'),
    ...report('missed_collection', '垃圾今天没有收', '我家的垃圾没有人来收'),
    ...report('noise', '邻居的音乐太吵了', '隔壁晚上太吵了'),
    ...ask('dog-licence', '怎么给我的狗办执照', '狗的执照多少钱'),
    ...ask('collection-schedule', '什么时候收垃圾', '垃圾哪天收'),
    ...say('greeting', '你好', '您好'),
    ...say('thanks', '谢谢', '非常感谢'),
    ...say('affirm', '是的', '好的'),
    ...say('deny', '不是', '不要'),
    ...say('talk_to_person', '我想和人说话', '请让真人跟我说话'),
    { text: '我闻到煤气味', intent: 'emergency', gas: true },
  ],
  sentences: ['您好！这里是埃尔姆赫斯特镇。您可以提问或报告问题。', '请问在哪里？请发送地址。', '谢谢，您的报告已发送。'],
};

/**
 * Writes the small content root into a fresh temporary folder: locales/<lng>/ (examples, a few sentences as
 * translations, the project's English vocabulary for every language) and knowledge/<lng>/; Chinese too when asked.
 */
export function writeNluContent(extra: { heldOut?: Record<string, Line[]>; chinese?: boolean } = {}): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'civicline-nlu-'));
  for (const [language, lines] of Object.entries(EXAMPLES)) {
    const locale = path.join(root, 'locales', language);
    mkdirSync(path.join(locale, 'examples'), { recursive: true });
    writeFileSync(path.join(locale, 'examples', 'fixture.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    writeFileSync(path.join(locale, 'translation.json'), JSON.stringify({ lines: SENTENCES[language] }));
    cpSync(path.join(PROJECT_ROOT, 'locales', 'en', 'vocabulary.json'), path.join(locale, 'vocabulary.json'));
    cpSync(path.join(PROJECT_ROOT, 'locales', language, 'places.json'), path.join(locale, 'places.json'));
    const knowledge = path.join(root, 'knowledge', language);
    mkdirSync(knowledge, { recursive: true });
    for (const topic of TOPICS[language]) {
      const front = [`id: ${topic.id}`, `title: ${topic.title}`, 'questions:', ...topic.questions.map((q) => `  - "${q}"`), `keywords: [${topic.keywords.join(', ')}]`, 'topic: services'];
      writeFileSync(path.join(knowledge, `${topic.id}.md`), `---\n${front.join('\n')}\n---\n${SENTENCES[language][4]}\n`);
    }
  }
  // The town's map, so places in the examples are read as the app reads them.
  cpSync(path.join(PROJECT_ROOT, 'knowledge', 'gazetteer.json'), path.join(root, 'knowledge', 'gazetteer.json'));
  if (extra.chinese) {
    const locale = path.join(root, 'locales', 'zh');
    mkdirSync(path.join(locale, 'examples'), { recursive: true });
    writeFileSync(path.join(locale, 'examples', 'fixture.jsonl'), CHINESE.examples.map((l) => JSON.stringify(l)).join('\n') + '\n');
    writeFileSync(path.join(locale, 'translation.json'), JSON.stringify({ lines: CHINESE.sentences }));
    cpSync(path.join(PROJECT_ROOT, 'locales', 'en', 'vocabulary.json'), path.join(locale, 'vocabulary.json'));
    cpSync(path.join(PROJECT_ROOT, 'locales', 'en', 'places.json'), path.join(locale, 'places.json'));
  }
  for (const [language, lines] of Object.entries(extra.heldOut ?? {})) {
    const dir = path.join(root, 'test', 'nlu', 'heldout');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, `${language}.jsonl`), lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  }
  return root;
}
