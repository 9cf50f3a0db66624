import { Transcript } from '../dialogHarness';

const CASE_FILED = /Your case number is \d{8}\. It has gone to the road crew/;

/** English transcripts: what residents type and what they must read back. Other locales add files beside this one. */
export const transcripts: Transcript[] = [
  {
    name: 'answers how to license a dog, with a link for more',
    steps: [['how do I license my dog?', /\$30[\s\S]*More: https:\/\/www\.elmhurst\.example\/dog-licence/]],
  },
  {
    name: 'greets with the main menu as numbered choices',
    steps: [['hi', /what you need[\s\S]*1\. Report a problem\n2\. Check on a report or permit\n3\. Ask a question\n4\. Get a call back\n5\. Talk to a person\n6\. Fran(ç|c)ais/]],
  },
  {
    name: 'files a report from one rich message in two texts, quoting the resident',
    steps: [
      ["big pothole in front of 123 Main St, it's wrecking tires", /Pothole at 123 Main St: "big pothole in front of 123 Main St, it's wrecking tires"\. No photos\.\nReply YES/],
      ['yes', CASE_FILED],
    ],
  },
  {
    name: 'asks what, where and for words when the resident only says they want to report',
    steps: [
      ['I want to report a problem', "What's the problem?"],
      ['the lights are stuck on red', 'Where is it?'],
      ['Main St and King St', /Traffic signal or sign problem at Main St & King St: "the lights are stuck on red"/],
      ['never mind', 'your report was not sent'],
    ],
  },
  {
    name: 'helps inside a dialog and asks the same question again',
    steps: [
      ['the streetlight is out', 'Where is it?'],
      ['help', 'You can answer the question below', 'Where is it?'],
      ['never mind', 'your report was not sent'],
    ],
  },
  {
    name: 'adds details and a corrected address at the read-back',
    steps: [
      ['pothole at 123 Main St, deep hole in the right lane', /Pothole at 123 Main St/],
      ['actually it is at 125 Main St', 'Location changed to 125 Main St. Reply YES to send your report.'],
      ['it is also near the bus stop', "I've added that to the description. Reply YES to send your report."],
      ['yes', CASE_FILED],
    ],
  },
  {
    name: 'tells the applicant where a permit application stands and when a decision is expected',
    from: '+12895550142',
    steps: [['status BP-2026-0142', /Permit application BP-2026-0142 \(Deck, rear yard, 27 Elm St\): Plans review[\s\S]*A decision is expected by/]],
  },
  {
    name: 'asks anyone else for the postal code, and says no more than "no match" when it is wrong',
    steps: [
      ['status bp 2026 9999', 'postal code of the property'],
      ['L4X 2B7', "doesn't match an application numbered BP-2026-9999"],
    ],
  },
  {
    name: 'catches a mistyped case number',
    steps: [['status 1234 5672', "Case 12345672 doesn't exist; a digit may have been mistyped"]],
  },
  {
    name: 'says so when a well-formed case number is unknown',
    steps: [['status 12345671', "I couldn't find case 12345671"]],
  },
  {
    name: 'asks for a number when this phone has nothing on file',
    from: '+12895550000',
    steps: [
      ["what's happening with my reports?", "What's your case or permit number?"],
      ['1234', 'A case number is 8 digits'],
    ],
  },
  {
    name: "lists an applicant's permit applications by their phone number",
    from: '+12895550142',
    steps: [['my reports', /Here are the 2 most recent items[\s\S]*BP-2026-0163[\s\S]*BP-2026-0142/]],
  },
  {
    name: 'leaves the case-number question when the resident asks something else',
    steps: [
      ['status', "What's your case or permit number?"],
      ['how do I license my dog?', '$30'],
    ],
  },
  {
    name: 'asks where again when the place is only "my lawn"',
    steps: [
      ['there is a dead raccoon on my lawn', 'report this to the Town, or is it a question?'],
      ['1', 'Where is it?'],
      ['in my front yard', 'I need a place so the crew can find it'],
      ['22 Oak St', /Animal problem at 22 Oak St: "there is a dead raccoon on my lawn"/],
    ],
  },
  {
    name: 'takes a knocked-over sign at a crossing as a report',
    steps: [['stop sign knocked over at Elm St and Oak St', /Traffic signal or sign problem at Elm St & Oak St/]],
  },
  {
    name: 'answers thanks',
    steps: [['thanks!', "You're welcome!"]],
  },
  {
    name: 'never keeps a phone number in the location, which others can see',
    steps: [['streetlight out near the school call me at 905 555 0199', /Streetlight out at [^"]*school[^"0-9]*:/]],
  },
  {
    name: 'reads a case number inside a sentence, not as a permit',
    steps: [['my case is 1234 5671', "I couldn't find case 12345671"]],
  },
  {
    name: 'acknowledges a stray ok',
    steps: [['ok', 'OK! Ask me a question']],
  },
];
