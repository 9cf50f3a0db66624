import { Transcript } from '../dialogHarness';

/** French transcripts: a francophone resident is answered, guided and confirmed in French. */
export const transcripts: Transcript[] = [
  {
    name: 'répond à une question sur la licence pour chien, avec le lien',
    steps: [['comment avoir une licence pour mon chien?', /Tout chien de plus de 12 semaines.*30 \$[\s\S]*\nDétails : https:\/\/www\.elmhurst\.example\/dog-licence/]],
  },
  {
    name: 'donne le jour des vidanges de la rue Elm',
    steps: [["c'est quand les vidanges sur la rue Elm?", /Elm St[^.]*mardi/]],
  },
  {
    name: 'dit que la Ville ne gère pas les pannes de courant',
    steps: [["y'a pu de courant dans ma rue", /Elmhurst Hydro.*905-555-0199/]],
  },
  {
    name: 'accueille avec le menu en choix numérotés',
    steps: [['bonjour', /1\. Signaler un problème\n2\. Suivre un signalement ou un permis/]],
  },
  {
    name: "dépose un signalement à partir d'un seul message, confirmé en français",
    steps: [
      ['gros nid-de-poule devant le 123 Main St, ça brise les pneus', /Veuillez vérifier : Nid-de-poule, 123, rue Main : "gros nid-de-poule devant le 123 Main St, (ç|c)a brise les pneus"\. Aucune photo\.\nRépondez OUI/],
      ['oui', /Merci! Votre numéro de dossier est le \d{8}\. Il a été transmis à l'équipe des routes\./],
    ],
  },
  {
    name: 'laisse tomber un signalement sur demande',
    steps: [
      ['je veux signaler un problème', 'Quel est le problème?'],
      ['laisse faire', "n'a pas été envoyé"],
    ],
  },
  {
    name: 'répond au merci',
    steps: [['merci', 'Ça me fait plaisir!']],
  },
];
