/**
 * Checks the knowledge base before a restart: every language has the English topics (same ids and header
 * keys), and every answer with its "More: <link>" line fits two SMS once French letters outside GSM-7 are
 * transliterated as the SMS channel does.
 *
 *   npx tsx scripts/content/check-knowledge.ts            # every language
 *   npx tsx scripts/content/check-knowledge.ts fr --all   # one language, listing every topic
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import matter from 'gray-matter';
import { gsm7Transliterate, smsEncoding, smsSegments } from '../../channels/sms/smsSegments';
import { createI18n, listLocales } from '../../i18n/createI18n';

const ROOT = path.resolve(__dirname, '..', '..');
const KNOWLEDGE_DIR = path.join(ROOT, 'knowledge');
const HEADER_KEYS = ['id', 'title', 'questions', 'keywords', 'topic', 'url'];
/** May follow the six: a per-street fact from the gazetteer (knowledge/README.md). */
const OPTIONAL_KEYS = ['streetFact'];
const MAX_SEGMENTS = 2;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const listAll = args.includes('--all');
  const languages = args.filter((a) => !a.startsWith('--'));
  const i18n = await createI18n(path.join(ROOT, 'locales'), 'en');
  const folders = listLocales(KNOWLEDGE_DIR).filter((lng) => languages.length === 0 || languages.includes(lng));
  const englishIds = topicFiles('en').map((f) => path.basename(f, '.md'));
  const problems: string[] = [];

  for (const lng of folders) {
    const files = topicFiles(lng);
    const ids = files.map((f) => path.basename(f, '.md'));
    for (const id of englishIds.filter((id) => !ids.includes(id))) problems.push(`${lng}: topic ${id} is missing`);
    for (const id of ids.filter((id) => !englishIds.includes(id))) problems.push(`${lng}/${id}.md: no English topic has this id`);

    const t = i18n.getFixedT(lng);
    const rows: string[] = [];
    let worst = 0;
    for (const file of files) {
      const name = `${lng}/${path.basename(file)}`;
      const { data, content } = matter(readFileSync(file, 'utf8'));
      const keys = Object.keys(data).filter((key) => !OPTIONAL_KEYS.includes(key));
      if (keys.join() !== HEADER_KEYS.join()) problems.push(`${name}: header keys are ${keys.join(', ')}; expected ${HEADER_KEYS.join(', ')}`);
      const sms = gsm7Transliterate(`${content.trim()}\n${t('faq.more', { url: data.url })}`);
      const segments = smsSegments(sms);
      worst = Math.max(worst, sms.length);
      if (smsEncoding(sms) !== 'GSM-7') problems.push(`${name}: characters outside GSM-7 remain: ${[...new Set([...sms].filter((c) => smsEncoding(c) !== 'GSM-7'))].join(' ')}`);
      if (segments > MAX_SEGMENTS) problems.push(`${name}: ${sms.length} characters with the link, ${segments} SMS (at most ${MAX_SEGMENTS})`);
      rows.push(`  ${String(sms.length).padStart(4)}  ${segments} SMS  ${name}`);
    }
    console.log(`${lng}: ${files.length} topics, longest answer with link ${worst} characters`);
    if (listAll) console.log(rows.sort().reverse().join('\n'));
  }

  if (problems.length > 0) {
    console.error(`\n${problems.length} problem(s):\n${problems.map((p) => `  ${p}`).join('\n')}`);
    process.exitCode = 1;
  } else {
    console.log(`OK: every answer fits ${MAX_SEGMENTS} SMS with its link.`);
  }
}

function topicFiles(lng: string): string[] {
  const dir = path.join(KNOWLEDGE_DIR, lng);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => path.join(dir, f));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
