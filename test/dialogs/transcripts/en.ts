import { Transcript } from '../dialogHarness';

const CASE_FILED = /Your case number is \d{8}\. It has gone to the road crew/;

/** English transcripts: what residents type and what they must read back. Other locales add files beside this one. */
export const transcripts: Transcript[] = [
  {
    name: 'answers how to license a dog, with a link for more',
    dialog: 'main',
    steps: [['how do I license my dog?', /Every dog over 12 weeks.*\$30[\s\S]*More: https:\/\/www\.elmhurst\.example\/dog-licence/]],
  },
  {
    name: 'answers when garbage day is on Elm St',
    dialog: 'main',
    steps: [['when is garbage day on Elm St?', 'Tuesday: Elm St']],
  },
  {
    name: 'answers whether a deck needs a permit',
    dialog: 'main',
    steps: [['do I need a permit for a deck?', 'A deck permit costs $250']],
  },
  {
    name: 'says plainly when it has no answer',
    dialog: 'main',
    steps: [['what is the meaning of life', "Sorry, I don't have an answer for that"]],
  },
  {
    name: 'greets with what it can do',
    dialog: 'main',
    steps: [['hi', /what you need[\s\S]*1\. Report a problem\n2\. Check on a report or permit\n3\. Ask a question\n4\. Get a call back\n5\. Talk to a person\n6\. Français/]],
  },
  {
    name: 'files a report from one rich message in two turns',
    dialog: 'main',
    steps: [
      ["big pothole in front of 123 Main St, it's wrecking tires", /Pothole at 123 Main St\n"big pothole in front of 123 Main St, it's wrecking tires"\nNo photos\.\nReply YES/],
      ['yes', CASE_FILED],
    ],
  },
  {
    name: 'guides with a short menu of groups, then of the group, when the problem is not named',
    dialog: 'main',
    steps: [
      [
        'I want to report a problem',
        /^What kind of problem is it\? Reply with a number, or describe it in your own words:\n1\. Roads, sidewalks, snow and ice\n2\. Streetlights and traffic signals\n[\s\S]*\n8\. Something else$/,
      ],
      ['2', /^Which one\? Reply with a number:\n1\. Streetlight out\n2\. Traffic signal or sign problem\n3\. Something else$/],
      ['2', 'Where is it?'],
      ['Main St and King St', 'Please describe the problem'],
      ['the lights are stuck on red', /Traffic signal or sign problem at Main St & King St\n"the lights are stuck on red"/],
      ['no', 'your report was not sent'],
    ],
  },
  {
    name: 'takes the category in words at the menu and keeps asking until it understands',
    dialog: 'main',
    steps: [
      ['report a problem', 'What kind of problem is it?'],
      ['blah', /Sorry, I didn't catch that[\s\S]*1\. Roads, sidewalks, snow and ice/],
      ['9', /Sorry, I didn't catch that[\s\S]*8\. Something else/],
      ['someone sprayed graffiti', 'Where is it?'],
      ['x', 'I need a location'],
      ['behind the arena', 'Please describe the problem'],
      ['tags all over the back wall', /Graffiti at the arena\n"tags all over the back wall"/],
      ['yes', /Your case number is \d{8}\. It has gone to the by-law officers/],
    ],
  },
  {
    name: 'asks which one when the words fit two problems equally',
    dialog: 'main',
    steps: [
      ['the arena parking lot has a huge pothole', /^Which of these fits best\? Reply with a number:\n1\. Parking problem\n2\. Pothole\n3\. Something else$/],
      ['2', 'Where is it?'],
      ['45 Victoria St', /Pothole at 45 Victoria St\n"the arena parking lot has a huge pothole"/],
      ['yes', CASE_FILED],
    ],
  },
  {
    name: 'helps inside a dialog and asks the same question again',
    dialog: 'main',
    steps: [
      ['the streetlight is out', 'Where is it?'],
      ['help', 'You can answer the question below', 'Where is it?'],
      ['never mind', "OK, I've dropped that. Nothing was sent."],
    ],
  },
  {
    name: 'starts over from the middle of a report',
    dialog: 'main',
    steps: [
      ['pothole', 'Where is it?'],
      ['start over', "OK, let's start over"],
      ['how do I license my dog?', 'Every dog over 12 weeks'],
    ],
  },
  {
    name: 'adds details and a corrected address at the confirmation',
    dialog: 'main',
    steps: [
      ['pothole at 123 Main St', 'Please describe the problem'],
      ['deep hole in the right lane', /Pothole at 123 Main St\n"deep hole in the right lane"/],
      ['actually it is at 125 Main St', 'Location changed to 125 Main St. Reply YES to send your report or NO to drop it.'],
      ['it is also near the bus stop', "I've added that to the description. Reply YES to send your report or NO to drop it."],
      ['how do I license my dog?', "I'll answer that as soon as this report is settled. Reply YES to send your report or NO to drop it."],
      ['help', 'You can answer the question below', /Pothole at 125 Main St\n"deep hole in the right lane\nit is also near the bus stop"/],
      ['yes', CASE_FILED, 'Every dog over 12 weeks'],
    ],
  },
  {
    name: 'tells where a permit application stands and when a decision is expected',
    dialog: 'main',
    steps: [['status BP-2026-0142', /Permit application BP-2026-0142 \(Deck, rear yard, 27 Elm St\): Plans review[\s\S]*A decision is expected by/]],
  },
  {
    name: 'says so when a permit number is unknown',
    dialog: 'main',
    steps: [['status bp 2026 9999', "I couldn't find permit application BP-2026-9999"]],
  },
  {
    name: 'catches a mistyped case number',
    dialog: 'main',
    steps: [['status 1234 5672', 'Case 12345672 doesn\'t exist; a digit may have been mistyped']],
  },
  {
    name: 'says so when a well-formed case number is unknown',
    dialog: 'main',
    steps: [['status 12345671', "I couldn't find case 12345671"]],
  },
  {
    name: 'asks for a number when this phone has nothing on file',
    dialog: 'main',
    from: '+12895550000',
    steps: [
      ["what's happening with my reports?", "What's your case or permit number?"],
      ['1234', 'A case number is 8 digits'],
      ['BP-2026-0157', /Permit application BP-2026-0157 \(Detached garage, 9 Maple Ave\): Zoning review/],
    ],
  },
  {
    name: "lists an applicant's permit applications by their phone number",
    dialog: 'main',
    from: '+12895550142',
    steps: [['my reports', /Here are the 2 most recent items[\s\S]*BP-2026-0163[\s\S]*BP-2026-0142/]],
  },
  {
    name: 'leaves the case-number question when the resident asks something else',
    dialog: 'main',
    from: '+12895550001',
    steps: [
      ['status', "What's your case or permit number?"],
      ['when is garbage day on Elm St?', 'Tuesday: Elm St'],
    ],
  },
  {
    name: 'leaves the category menu for a status check',
    dialog: 'main',
    steps: [
      ['I want to report a problem', 'What kind of problem is it?'],
      ['status BP-2026-0142', 'Permit application BP-2026-0142'],
    ],
  },
  {
    name: 'asks where again when the place is only "my lawn"',
    dialog: 'main',
    steps: [
      ['there is a dead raccoon on my lawn', 'Where is it?'],
      ['in my front yard', 'I need a location so the crew can find it'],
      ['22 Oak St', /Animal problem at 22 Oak St\n"there is a dead raccoon on my lawn"/],
    ],
  },
  {
    name: 'takes a knocked-over sign at a crossing as a report',
    dialog: 'main',
    steps: [['stop sign knocked over at Elm St and Oak St', /Traffic signal or sign problem at Elm St & Oak St/]],
  },
  {
    name: 'takes a statement about an address as a report even without a known problem word',
    dialog: 'main',
    steps: [['something is wrong in front of 12 King St', 'What kind of problem is it?']],
  },
  {
    name: 'answers thanks',
    dialog: 'main',
    steps: [['thanks!', "You're welcome!"]],
  },
  {
    name: 'understands "yes please" and "no thanks" at the confirmation',
    dialog: 'main',
    steps: [
      ['pothole at 4 Pine St, deep and getting wider', 'Reply YES to send it'],
      ['yes please', CASE_FILED],
      ['pothole at 6 Pine St, deep and getting wider', 'Reply YES to send it'],
      ['no thanks', 'your report was not sent'],
      ['pothole at 8 Pine St, deep and getting wider', 'Reply YES to send it'],
      ["never mind, it's fixed now", 'your report was not sent'],
      ['pothole at 9 Pine St, deep and getting wider', 'Reply YES to send it'],
      ['yes but it is at 11 Pine St', 'Location changed to 11 Pine St.'],
    ],
  },
  {
    name: 'takes a question at "where is it?" as a new request',
    dialog: 'main',
    steps: [
      ['the streetlight is out', 'Where is it?'],
      ['how do I license my dog?', 'Every dog over 12 weeks'],
    ],
  },
  {
    name: 'asks where when the words only say when',
    dialog: 'main',
    steps: [['streetlight flickering at night, very dark for walkers', 'Where is it?']],
  },
  {
    name: 'never keeps a phone number in the location, which others can see',
    dialog: 'main',
    steps: [['streetlight out near the school call me at 905 555 0199', /Streetlight out at the school\n/]],
  },
  {
    name: 'accepts a menu number written "option 2"',
    dialog: 'main',
    steps: [
      ['I want to report a problem', 'What kind of problem is it?'],
      ['option 2', 'Which one?'],
      ['#1', 'Where is it?'],
    ],
  },
  {
    name: 'reads a case number inside a sentence, not as a permit',
    dialog: 'main',
    steps: [['my case is 1234 5671', "I couldn't find case 12345671"]],
  },
  {
    name: 'finds a case number typed with a sign at the number question',
    dialog: 'main',
    from: '+12895550002',
    steps: [
      ['status', "What's your case or permit number?"],
      ["it's #1234 5671.", "I couldn't find case 12345671"],
    ],
  },
  {
    name: 'acknowledges a stray ok',
    dialog: 'main',
    steps: [['ok', 'OK! Ask me a question']],
  },
  {
    name: 'FaqDialog on its own answers the question it is given',
    dialog: 'faq',
    options: { question: 'how much is a dog tag?' },
    steps: [['(any first message)', 'Every dog over 12 weeks']],
  },
  {
    name: 'ReportDialog on its own asks for everything a bare start leaves out',
    dialog: 'report',
    options: { text: '' },
    steps: [
      ['(start)', 'What kind of problem is it?'],
      ['noise', 'Where is it?'],
      ['the community centre parking lot', 'Please describe the problem'],
      ['music until 3 in the morning', /Noise at the community centre parking lot\n"music until 3 in the morning"/],
      ['y', /Your case number is \d{8}\. It has gone to the by-law officers/],
    ],
  },
  {
    name: 'StatusDialog on its own reports the permit it is given',
    dialog: 'status',
    options: { permitNumber: 'BP-2026-0098' },
    steps: [['(any first message)', /Permit application BP-2026-0098 \(In-ground pool, 58 Oak St\): Permit issued/]],
  },
];

