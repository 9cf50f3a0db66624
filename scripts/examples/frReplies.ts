/**
 * Pieces of the short French messages that are not reports (status checks, call-backs, yes, no...), put
 * together by generate-fr.ts. Each builder gets the generator's seeded dice and a place maker, and returns
 * one message as a resident would type it.
 */
import { isValidCaseNumber } from '../../cases/caseNumber';

export interface Dice {
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
  /** A whole number from 0 to n - 1. */
  below(n: number): number;
}

export interface Reply {
  text: string;
  gas?: boolean;
}

type Builder = (dice: Dice, place: () => string) => Reply;

/** French contracts "de le" and "à le" when pieces are put side by side ("au sujet du chien"). */
export function contract(text: string): string {
  return text
    .replace(/(?<![\p{L}])de le /gu, 'du ')
    .replace(/(?<![\p{L}])à le /gu, 'au ')
    .replace(/(?<![\p{L}])de les /gu, 'des ')
    .replace(/(?<![\p{L}])à les /gu, 'aux ');
}

/** A case number with a valid check digit, typed the ways people type it. */
function caseNumber(dice: Dice): string {
  const body = String(1_000_000 + dice.below(9_000_000));
  let digits = body;
  for (let d = 0; d < 10; d++) if (isValidCaseNumber(body + d)) digits = body + d;
  return dice.pick([digits, digits, `#${digits}`, `${digits.slice(0, 4)} ${digits.slice(4)}`, `${digits.slice(0, 4)}-${digits.slice(4)}`]);
}

const phone = (dice: Dice): string => `${dice.pick(['905', '289', '613'])}-555-0${String(100 + dice.below(900))}`;

const PROBLEMS = [
  'le nid de poule', 'le lampadaire', 'les vidanges', 'le trottoir brisé', 'le char abandonné', 'le chien qui jappe',
  "l'arbre tombé", 'le graffiti', 'mon sous-sol inondé', 'la fuite d’eau', 'le feu de circulation', 'le bruit du voisin',
];

const NAMES = ['Josée', 'Marc', 'Sylvie', 'Luc', 'Nathalie', 'Réjean', 'Chantal', 'Kevin', 'Mélanie', 'Guy', 'Annie', 'Denis'];

const DEPARTMENTS = [
  'quelqu’un de la voirie', 'quelqu’un du service des eaux', 'quelqu’un des permis', 'quelqu’un des taxes',
  'un inspecteur', 'le service à la clientèle', 'un superviseur', 'quelqu’un du déneigement', 'le contrôle des animaux',
];

export const REPLIES: Record<string, Builder> = {
  check_status: (d) => ({
    text: d.pick([
      `${d.pick(['statut', 'status', 'statu', 'suivi', 'état du dossier', 'dossier'])} ${caseNumber(d)}`,
      `${d.pick(['où en est', 'des nouvelles de', 'suivi de', 'mise à jour sur', 'update sur', 'du nouveau pour'])} ${d.pick(['mon dossier', 'ma plainte', 'mon signalement', 'ma demande', 'mon cas', 'la demande'])} ${caseNumber(d)}${d.pick(['', '?', ' svp', ' merci'])}`,
      `${d.pick(['mon dossier', 'ma plainte', 'mon cas', 'le cas', 'le dossier', 'la plainte'])} ${caseNumber(d)} ${d.pick(['ça avance?', 'est-tu réglé?', "c'est rendu où?", 'est-tu fermé?', 'des nouvelles?', "c'est quoi le statut?"])}`,
      `${d.pick(['ma plainte pour', 'mon signalement pour', 'ma demande pour', "j'ai signalé"])} ${d.pick(PROBLEMS)}${d.pick([' la semaine passée', ' hier', ' y a un mois', ''])}, ${d.pick(['ça avance?', "c'est rendu où?", 'vous en êtes où?', 'des nouvelles?', "c'est-tu réglé?", 'il se passe quoi?'])}`,
      `${d.pick(['statut de mon permis', 'où en est mon permis', 'mon permis', 'ma demande de permis'])} BP-2026-0${100 + d.below(200)}${d.pick(['', '?', ', ça avance?', ' svp'])}`,
    ]),
  }),

  request_callback: (d) => ({
    text: d.pick([
      `${d.pick(['rappelez-moi', 'appelez-moi', 'pouvez-vous me rappeler', 'qqn peut me rappeler', "j'aimerais qu'on me rappelle", 'tel-moi', 'appelle-moi', 'vous pouvez me rappeler'])} ${d.pick([`au ${phone(d)}`, 'demain matin', 'après 17h', 'cet après-midi', 'quand vous pouvez', 'sur mon cell', 'lundi matin', 'avant midi', 'en français', 'après le souper'])}${d.pick(['', ' svp', ' stp', ' merci', '?'])}`,
      `${d.pick(['rappelez-moi', 'appelez-moi', "j'aimerais un rappel", 'un appel svp', 'pouvez-vous me téléphoner'])} ${d.pick(['pour', 'au sujet de', 'à propos de'])} ${d.pick(PROBLEMS)}`,
      `${d.pick(["c'est", 'ici', 'moi c’est'])} ${d.pick(NAMES)}, ${d.pick(['rappelez-moi svp', 'pouvez-vous me rappeler', 'appelez-moi au ' + phone(d), "j'aimerais qu'on m'appelle"])}`,
    ]),
  }),

  talk_to_person: (d) => ({
    text: `${d.pick(['je veux parler à', 'passez-moi', 'je voudrais parler avec', 'transférez-moi à', 'mettez-moi en contact avec', 'je peux-tu parler à', "j'aimerais jaser avec", 'je veux'])} ${d.pick(['un agent', 'une vraie personne', 'un humain', 'un employé', 'un préposé', ...DEPARTMENTS])}${d.pick(['', ' svp', ' maintenant', ' stp', ' en français svp', ', pas un robot', ", c'est important", ' tout de suite'])}`,
  }),

  emergency: (d, place) => {
    if (d.chance(0.25)) {
      const where = d.pick([place(), place(), 'dans la maison', 'dans mon sous-sol', 'dans le corridor du bloc', 'dans la cuisine']);
      return {
        text: `${d.pick(['ça sent le gaz', 'sa sent le gaz', 'odeur de gaz', 'fuite de gaz', 'forte odeur de gaz', 'ça sent le gaz fort'])} ${where}${d.pick(['', ' vite', ', on est sortis', ' urgent', ', ça siffle'])}`,
        gas: true,
      };
    }
    return {
      text: `${d.pick(['feu', 'y a le feu', 'de la fumée sort de la maison', 'accident avec des blessés', 'fil électrique tombé qui fait des étincelles', "quelqu'un est inconscient", "quelqu'un respire pu", 'un enfant est tombé dans l’eau', 'un piéton frappé par un char', 'maison en feu', 'un homme armé'])} ${place()}${d.pick(['', ' vite', ' aidez-nous', ' appelez le 911', ' urgent', '!!!', ' envoyez quelqu’un'])}`,
    };
  },

  change_language: (d) => ({
    text: d.pick([
      `${d.pick(['en', 'écrivez-moi en', 'répondez en', 'pouvez-vous me texter en', 'passez en', 'mettez-moi en', 'on peut continuer en', 'texte en', 'switch en'])} ${d.pick(['anglais', 'français', 'english', 'francais'])}${d.pick([' svp', ' stp', '', ' merci', " s'il vous plaît", ' pour ma mère', " c'est plus facile pour moi"])}`,
      `${d.pick(['je préfère', 'je veux', 'changez la langue pour', 'je veux les messages en', 'je comprends mieux'])} ${d.pick(["l'anglais", 'le français'])}${d.pick(['', ' svp', ' merci', ', désolé'])}`.replace('en le ', 'en ').replace("en l'", 'en '),
    ]),
  }),

  help: (d) => ({
    text: `${d.pick(['comment ça marche', "qu'est-ce que je peux faire ici", "c'est quoi les options", 'tu peux faire quoi', 'je sais pas quoi écrire', 'montre-moi le menu', "c'est quoi ce service", 'comment on utilise ça', 'tu sers à quoi', 'c’est quoi les choix'])}${d.pick(['', '?', ' svp', ' exactement', ' au juste', ', je suis nouveau', ', chu perdu', ' avec ce numéro', ', je comprends pas'])}`,
  }),

  cancel: (d) => ({
    text: `${d.pick(['annule', 'laisse faire', 'oublie', 'efface', 'annulez', "j'annule", 'cancelle'])} ${d.pick(['le signalement', 'ma plainte', 'ma demande', 'tout', 'ça', 'la demande de rappel', 'mon message'])}${d.pick(['', ' svp', ", j'ai changé d'idée", ", c'est réglé", ', je me suis trompé', ', mauvaise adresse', ', je vais appeler à la place', ", finalement c'est pas nécessaire", ', on recommence'])}`,
  }),

  greeting: (d) => ({
    text: `${d.pick(['bonjour', 'salut', 'allo', 'bonsoir', 'bon matin', 'hey', 'bonjour bonjour'])}${d.pick([' la ville', ' madame', ' monsieur', ' tout le monde', '', ' à vous', " l'équipe", ' Elmhurst'])}${d.pick(['', ' 👋', ' 🙂', ', ça va?', ", y a quelqu'un?", `, c'est ${d.pick(NAMES)}`, ` c'est ${d.pick(NAMES)} de la rue ${d.pick(['Elm', 'King', 'Oak', 'Pine', 'Mill'])}`])}`,
  }),

  thanks: (d) => ({
    text: `${d.pick(['merci', 'merci beaucoup', 'merci bcp', 'un gros merci', 'merci mille fois', 'je vous remercie', 'merci encore'])}${d.pick([" pour l'info", ' pour votre aide', ' pour la réponse', ' pour le suivi', ' pour le rappel', '', ' à vous', ' la ville', " d'avoir réparé ça"])}${d.pick(['', ' 🙏', ' 😊', '!!', ', bonne journée', ', bonne soirée', ", c'est apprécié", ', vous êtes fins'])}`,
  }),

  affirm: (d) => ({
    text: `${d.pick(['oui', 'ouais', 'ok', 'parfait', "d'accord", "c'est beau", "c'est correct", 'yes', 'ouin', 'yep'])} ${d.pick(['envoie', 'envoie-le', 'vas-y', "c'est ça", "c'est bon", 'go', 'envoyez', "c'est la bonne adresse", 'tout est correct', 'allez-y', 'confirmé'])}${d.pick(['', ' 👍', ' svp', '!', ' stp'])}`,
  }),

  deny: (d) => ({
    text: `${d.pick(['non', 'nope', 'nan', 'non non', 'ben non', 'euh non'])} ${d.pick(['envoie pas', "c'est pas la bonne adresse", "c'est pas ça", 'pas cette catégorie', "c'est pas la bonne rue", 'pas besoin', 'attends', 'pas maintenant', 'pas de rappel', "c'est faux"])}${d.pick(['', '!', ' 👎', ' svp', ' merci'])}`,
  }),

  unknown: (d) => ({
    text: d.pick([
      Array.from({ length: 4 + d.below(6) }, () => d.pick([...'asdfghjklqwertyuiopzxcvbnm'])).join(''),
      `${d.pick(["c'est quoi", 'qui est', 'où est', 'combien coûte', 'tu connais'])} ${d.pick(['le meilleur resto', 'la capitale du Pérou', 'ton chanteur préféré', 'un billet pour le show', "le prix de l'essence", 'le score de la game', 'la meilleure poutine', 'le plus grand lac du monde'])}${d.pick(['', '?', ' lol', ' en ville'])}`,
      `${d.pick(['je mange', 'je regarde', "j'écoute", 'je cherche'])} ${d.pick(['une pizza', 'la game des Sens', 'un film', 'de la musique', 'mes clés', 'un bon livre'])}${d.pick(['', ' lol', ' haha', ' 😂'])}`,
    ]),
  }),
};
