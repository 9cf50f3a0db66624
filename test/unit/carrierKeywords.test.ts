import { carrierKeyword, isOptOutKeyword } from '../../channels/sms/carrierKeywords';

describe('carrierKeyword: the carrier-mandated SMS keywords', () => {
  it.each(['STOP', 'stop', 'Stop.', ' stop ', 'STOP!', 'STOPALL', 'stopall', 'UNSUBSCRIBE', 'Unsubscribe', 'CANCEL', 'cancel', 'END', 'end', 'QUIT', 'Quit!'])(
    '%j opts out, whether or not already opted out',
    (body) => {
      expect(carrierKeyword(body, undefined, false)).toBe('optOut');
      expect(carrierKeyword(body, undefined, true)).toBe('optOut');
    },
  );

  it.each(['REVOKE', 'revoke', 'OPTOUT', 'OptOut'])('%j opts out (Twilio default keywords since the FCC rules of 2025)', (body) => {
    expect(carrierKeyword(body, undefined, false)).toBe('optOut');
  });

  it.each(['ARRÊT', 'arrêt', 'Arrêt.', 'ARRET', 'arret', 'Arret!', ' arrêt ', 'ARRÊTE', 'arrete', 'ARRETT'])(
    '%j (the French STOP Canadian carriers require) opts out',
    (body) => {
      expect(carrierKeyword(body, undefined, false)).toBe('optOut');
      expect(carrierKeyword(body, undefined, true)).toBe('optOut');
    },
  );

  it.each(['START', 'start', 'Start.', 'UNSTOP', 'unstop'])('%j opts back in', (body) => {
    expect(carrierKeyword(body, undefined, true)).toBe('optIn');
    expect(carrierKeyword(body, undefined, false)).toBe('optIn');
  });

  it.each(['YES', 'yes', 'Yes.'])('%j opts in a number that opted out', (body) => {
    expect(carrierKeyword(body, undefined, true)).toBe('optIn');
  });

  it.each(['YES', 'yes', 'Yes!'])('%j from a subscribed number answers the bot ("Reply YES to send")', (body) => {
    expect(carrierKeyword(body, undefined, false)).toBeUndefined();
  });

  it.each([
    ['STOP', 'hello', false, 'optOut'],
    ['stop', 'YES', true, 'optOut'],
    ['START', 'pothole on main st', true, 'optIn'],
    ['start', 'STOP', false, 'optIn'],
  ] as const)("Twilio's OptOutType %j wins over the body %j", (type, body, optedOut, expected) => {
    expect(carrierKeyword(body, type, optedOut)).toBe(expected);
  });

  it('an OptOutType of HELP leaves the body to decide', () => {
    expect(carrierKeyword('help', 'HELP', false)).toBeUndefined();
    expect(carrierKeyword('STOP', 'HELP', false)).toBe('optOut');
  });

  it.each([
    'stop the noise on elm st',
    'please stop',
    'cancel my report',
    'the party wont end',
    'start over',
    'yes send it',
    'stopped',
    'STOPS',
    'help',
    '',
    // French words no carrier treats as keywords are the bot's to understand.
    'arrête le bruit sur la rue Elm',
    'arrêt d\'autobus brisé',
    'arrêter',
    'annuler',
    'début',
    'aide',
    'oui',
  ])('%j is an ordinary message', (body) => {
    expect(carrierKeyword(body, undefined, false)).toBeUndefined();
  });

  it('a message with no body is ordinary', () => {
    expect(carrierKeyword(undefined, undefined, true)).toBeUndefined();
  });

  it('names the words replies must never ask a resident to send', () => {
    expect(['STOP', 'Cancel', 'end', 'quit', 'ARRÊT', 'arret'].filter((w) => !isOptOutKeyword(w))).toEqual([]);
    expect(['ANNULER', 'AIDE', 'HELP', 'OUI', 'YES', 'START'].filter(isOptOutKeyword)).toEqual([]);
  });
});
