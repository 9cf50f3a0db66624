import { gsm7Transliterate, smsEncoding, smsSegments } from '../../channels/sms/smsSegments';

const a = (n: number) => 'a'.repeat(n);

describe('smsSegments: how many texts a reply costs the resident and the town', () => {
  it.each<[string, string, number]>([
    ['nothing', '', 0],
    ['one GSM-7 text of 160 characters', a(160), 1],
    ['161 characters', a(161), 2],
    ['two parts of 153', a(306), 2],
    ['one character more', a(307), 3],
    ['accents the GSM alphabet has (é è à ù É)', `${'é'.repeat(150)}èàùÉÇ${a(5)}`, 1],
  ])('%s: %#', (_what, text, segments) => {
    expect(smsEncoding(text)).toBe('GSM-7');
    expect(smsSegments(text)).toBe(segments);
  });

  it('counts the extension characters (€ [ ] { } ~ ^ | \\) twice', () => {
    expect(smsSegments('€'.repeat(80))).toBe(1);
    expect(smsSegments('€'.repeat(81))).toBe(2);
    expect(smsSegments(`[${a(158)}]`)).toBe(2);
  });

  it('never splits an extension character across two parts', () => {
    // 306 septets would fit two parts of 153, but the euro sign cannot straddle them.
    expect(smsSegments(`${a(152)}€${a(152)}`)).toBe(3);
    expect(smsSegments(`${a(151)}€${a(153)}`)).toBe(2);
  });

  it('sends the whole text as UCS-2 (70 a segment) when one character is outside GSM-7', () => {
    expect(smsEncoding(`${a(100)}ê`)).toBe('UCS-2');
    expect(smsSegments(`${a(69)}ê`)).toBe(1);
    expect(smsSegments(`${a(70)}ê`)).toBe(2);
    expect(smsSegments(`${a(133)}ê`)).toBe(2);
    expect(smsSegments(`${a(134)}ê`)).toBe(3);
    expect(smsSegments(`${a(159)}’`)).toBe(3); // a curly apostrophe triples the cost of a 160-character text
  });

  it('counts an emoji as two UCS-2 units and never splits it', () => {
    expect(smsSegments('👍'.repeat(35))).toBe(1);
    expect(smsSegments('👍'.repeat(36))).toBe(2);
    expect(smsSegments(`${a(66)}👍${a(66)}`)).toBe(3);
  });
});

describe('gsm7Transliterate: French and typography kept in the GSM-7 alphabet', () => {
  it.each<[string, string]>([
    ['La fête coûte 5 $ à l’hôtel de ville', "La fete coute 5 $ à l'hotel de ville"],
    ['ça, c’est déjà réglé: où êtes-vous? Ça oui', "ca, c'est déjà réglé: où etes-vous? Ça oui"],
    ['Noël, maïs, aïe, île, août, Œuvre, cœur', 'Noel, mais, aie, ile, aout, OEuvre, coeur'],
    ['ÀÂÈÊËÎÏÔÛÙŸ', 'AAEEEIIOUUY'],
    ['« Arrêt » — 10 h 30…', '" Arret " - 10 h 30...'],
    ['“quoted” ‘words’', '"quoted" \'words\''],
  ])('%j -> %j', (text, expected) => {
    expect(gsm7Transliterate(text)).toBe(expected);
    expect(smsEncoding(gsm7Transliterate(text))).toBe('GSM-7');
  });

  it('keeps the letters the GSM alphabet has, so French still reads as French', () => {
    const text = 'é è à ù É Ç ì ò ä ö ü ñ Ä Ö Ü Ñ å Å ø Ø æ Æ ß € [ ] { } ~ ^ | \\ @ £ ¥ § ¿ ¡';
    expect(gsm7Transliterate(text)).toBe(text);
  });

  it('leaves scripts with no Latin neighbour alone (they are sent as UCS-2)', () => {
    expect(gsm7Transliterate('垃圾 ਕੂੜਾ قمامة 👍')).toBe('垃圾 ਕੂੜਾ قمامة 👍');
    expect(smsEncoding(gsm7Transliterate('垃圾'))).toBe('UCS-2');
  });

  it('makes a French answer cost two texts instead of four', () => {
    const answer =
      'Le bac vert est ramassé chaque semaine, le jour des ordures. Mettez-y tous les restes de table, le marc de café, les essuie-tout et les boîtes de pizza grasses. Sacs compostables ou en papier seulement, jamais de plastique. Bac brisé? Textez-nous.';
    expect(smsSegments(answer)).toBe(4);
    expect(smsSegments(gsm7Transliterate(answer))).toBe(2);
  });
});
