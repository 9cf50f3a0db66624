import { Transcript } from '../dialogHarness';

/** French transcripts: a francophone resident is answered, guided and confirmed in French. */
export const transcripts: Transcript[] = [
  {
    name: 'répond à une question sur la licence pour chien, avec le lien',
    dialog: 'main',
    steps: [['comment avoir une licence pour mon chien?', /^Tout chien de plus de 12 semaines.*30 \$[\s\S]*\nDétails : https:\/\/www\.elmhurst\.example\/dog-licence$/]],
  },
  {
    name: 'donne le jour des vidanges de la rue Elm',
    dialog: 'main',
    steps: [["c'est quand les vidanges sur la rue Elm?", 'Mardi : Elm St']],
  },
  {
    name: 'dit que la Ville ne gère pas les pannes de courant',
    dialog: 'main',
    steps: [["y'a pu de courant dans ma rue", /Elmhurst Hydro.*905-555-0199/]],
  },
  {
    name: "accueille avec ce qu'il peut faire et les mots à répondre",
    dialog: 'main',
    steps: [['bonjour', /poser une question[\s\S]*signaler un problème[\s\S]*répondez AIDE.*ANNULER.*RECOMMENCER/]],
  },
  {
    name: "dépose un signalement à partir d'un seul message, confirmé en français",
    dialog: 'main',
    steps: [
      ['gros nid-de-poule devant le 123 Main St, ça brise les pneus', /^Veuillez vérifier votre signalement :\nNid-de-poule, 123 Main St\n"gros nid-de-poule devant le 123 Main St, ça brise les pneus"\nAucune photo\.\nRépondez OUI/],
      ['oui', /^Merci! Votre numéro de dossier est le \d{8}\. Il a été transmis à l'équipe des routes\./],
    ],
  },
  {
    name: 'laisse tomber un signalement sur ANNULER',
    dialog: 'main',
    steps: [
      ['signaler un problème', 'De quel genre de problème'],
      ['annuler', "D'accord, j'ai laissé tomber. Rien n'a été envoyé."],
    ],
  },
  {
    name: 'répond au merci',
    dialog: 'main',
    steps: [['merci', 'Ça me fait plaisir!']],
  },
];
