/**
 * A built-in English-like corpus that Tensorloom generates itself from a small story grammar,
 * so a char-level GPT has something to learn without downloading text. Each story has a hero,
 * a friend, places, objects, dialogue and a little cause and effect (a problem, a journey with
 * obstacles, a resolution, an ending). The output uses letters, space, newline and
 * `. , ! ? : " '` only: about 60 distinct characters, like tiny-shakespeare's 65.
 */
import { createRng, type Rng } from "./random";
import * as W from "./corpus-words";

export interface CorpusOptions {
  /** Seed; the same seed gives the same text (default 1). */
  seed?: number;
  /** Stories are added until the text has at least this many characters (default 200,000). */
  minChars?: number;
}

/** A slot's value: fixed for the whole story, or drawn afresh at every use. */
type Slot = string | (() => string);
type Slots = Record<string, Slot>;

interface Character {
  name: string;
  he: string;
  him: string;
  his: string;
  /** "a clever little fox", "a kind baker". */
  desc: string;
}

type ProblemKind = "lost" | "gift" | "visit" | "sick" | "thief" | "contest";
const PROBLEMS: readonly ProblemKind[] = ["lost", "gift", "visit", "sick", "thief", "contest"];

function makeCharacter(rng: Rng, avoid: string): Character {
  const female = rng.next() < 0.5;
  let name = rng.pick(female ? W.FEMALE_NAMES : W.MALE_NAMES);
  while (name === avoid) name = rng.pick(female ? W.FEMALE_NAMES : W.MALE_NAMES);
  const animal = rng.next() < 0.5;
  const kind = rng.pick(animal ? W.ANIMALS : W.ROLES);
  const desc = animal && rng.next() < 0.4 ? `a ${rng.pick(W.TRAITS)} little ${kind}` : `a ${rng.pick(W.TRAITS)} ${kind}`;
  return female ? { name, he: "she", him: "her", his: "her", desc } : { name, he: "he", him: "him", his: "his", desc };
}

/** Replaces every `{slot}`; slot values may contain slots themselves (resolved up to 3 deep). */
function fill(template: string, slots: Slots): string {
  let text = template;
  for (let depth = 0; depth < 3 && text.includes("{"); depth++) {
    text = text.replace(/\{(\w+)\}/g, (_m, key: string) => {
      const slot = slots[key];
      if (slot === undefined) throw new Error(`Corpus grammar: unknown slot {${key}} in "${template}".`);
      return typeof slot === "string" ? slot : slot();
    });
  }
  return text;
}

/** "a old owl" → "an old owl"; a capital after each sentence end (quotes carry their own). */
function polish(paragraph: string): string {
  return paragraph
    .replace(/\b([Aa]) (?=[aeiou])/g, "$1n ")
    .replace(/(^|[.!?] )([a-z])/g, (_m, before: string, letter: string) => before + letter.toUpperCase());
}

/** The per-story slots: fixed cast and props, plus word lists drawn at every use. */
function storySlots(rng: Rng, hero: Character, friend: Character): Slots {
  const any = (list: readonly string[]) => () => rng.pick(list);
  return {
    hero: hero.name,
    he: hero.he,
    him: hero.him,
    his: hero.his,
    heroA: hero.desc,
    friend: friend.name,
    fhe: friend.he,
    fhim: friend.him,
    fhis: friend.his,
    friendA: friend.desc,
    obj: `${rng.pick(W.OBJECT_ADJECTIVES)} ${rng.pick(W.OBJECTS)}`,
    home: rng.pick(W.PLACES),
    goal: rng.pick(W.PLACES),
    spot: rng.pick(W.SPOTS),
    storyFood: rng.pick(W.FOODS),
    gift: rng.pick(W.GIFTS),
    contest: rng.pick(W.CONTESTS),
    relative: rng.pick(rng.next() < 0.5 ? W.RELATIVES_F : W.RELATIVES_M),
    stranger: rng.pick(W.ANIMALS),
    lunch: rng.pick(W.FOODS),
    place: any(W.PLACES),
    food: any(W.FOODS),
    taste: any(W.TASTES),
    animal: any(W.ANIMALS),
    happy: any(W.HAPPY),
    unhappy: any(W.UNHAPPY),
    celebrate: any(W.CELEBRATIONS),
    weather: any(W.WEATHER),
    sky: any(W.SKY_COLOURS),
    smell: any(W.SMELLS),
    time: any(W.TIMES),
    day: any(W.DAYS),
    season: any(W.SEASONS),
    precip: any(W.PRECIPITATION),
    move: any(W.MOVES),
    say: any(W.SAYS),
    activity: any(W.ACTIVITIES),
    habit: any(W.HABITS),
    love: any(W.LOVES),
    landmark: any(W.LANDMARKS),
    seat: any(W.SEATS),
    sound: any(W.SOUNDS),
    harmless: any(W.HARMLESS),
    tale: any(W.TALES),
    material: any(W.MATERIALS),
    moral: any(W.MORALS),
    dream: any(W.DREAMS),
  };
}

const TITLES = [
  "{hero} and the {obj}",
  "The Story of {hero}",
  "{hero} and {friend}",
  "A {weather} Day",
  "The Way to the {goal}",
  "{hero} Finds a Friend",
];

const OPENINGS = [
  "Once upon a time, there was {heroA} named {hero}. {he} lived near the {home}.",
  "Long ago, in a small village by the {home}, lived {heroA} called {hero}.",
  "{hero} was {heroA} who lived in a little house near the {home}.",
  "There once lived {heroA} named {hero}. Everyone knew {him}, because {he} was always {habit}.",
  "In a quiet corner of the {home} lived {heroA}. {his} name was {hero}.",
  "This is the story of {hero}, {heroA} who loved {love}.",
];

const SETTINGS = [
  "One {weather} {time}, {hero} looked out of the window.",
  "It was a {weather} day in {season}.",
  "On {day} morning, the sky was {sky} and the air smelled of {smell}.",
  "{season} had come, and the days were {weather}.",
  "Early one morning, when the {home} was still quiet, {hero} {activity}.",
  "After breakfast, {hero} {activity}, and then {he} {move} to the {place}.",
];

/** For each problem: how it starts, what the hero tells the friend, how it ends. */
const PROBLEM_TEXT: Record<ProblemKind, { start: string[]; ask: string[]; end: string[] }> = {
  lost: {
    start: [
      "{he} looked for {his} {obj}, but it was gone. {he} felt {unhappy}.",
      '"Oh no! where is my {obj}?" cried {hero}. {he} had lost it somewhere near the {goal}.',
      "{hero} could not find {his} {obj} anywhere. {he} searched the whole house, but it was not there.",
    ],
    ask: [
      '"Have you seen my {obj}?" asked {hero}. "No, but I can help you look for it," {say} {friend}.',
      '"I lost my {obj}," {hero} said sadly. "Don\'t worry," said {friend}. "We will find it together."',
    ],
    end: [
      'At last, they found the {obj} {spot}. "There it is!" shouted {friend}. {hero} was so {happy} that {he} {celebrate}.',
      "When they came home, {hero} saw the {obj} {spot}. It had been there all along! {hero} and {friend} laughed and laughed.",
    ],
  },
  gift: {
    start: [
      "It was almost {friend}'s birthday, and {hero} wanted to give {fhim} something special. After a while, {he} had an idea: {he} would make {gift}.",
      "{hero} wanted to surprise {friend}, so {he} decided to make {gift}. But first {he} needed some {material}.",
    ],
    ask: [
      '"What are you doing?" asked {friend}. "It is a secret," {say} {hero} with a smile.',
      '"Where are you going?" asked {friend}. "I am looking for some {material}," answered {hero}, "but I cannot tell you why."',
    ],
    end: [
      'On the morning of the birthday, {hero} gave {friend} {gift}. {friend} smiled and said, "This is the best gift I have ever had!"',
      "In the evening, {hero} knocked on {friend}'s door and gave {fhim} {gift}. {friend} was so {happy} that {fhe} could not speak.",
    ],
  },
  visit: {
    start: [
      "{hero}'s {relative} lived far away, on the other side of the {goal}. {he} had not seen {his} {relative} for a long time, so {he} decided to visit.",
      'A letter came from {hero}\'s {relative}: "Please come and see me soon." So {hero} packed some {storyFood} and set off toward the {goal}.',
    ],
    ask: [
      '"Where are you going?" asked {friend}. "I am going to see my {relative}," answered {hero}. "Can I come with you?" asked {friend}. "Of course," said {hero}.',
      '"The road to the {goal} is long," said {friend}. "Then let us walk it together," replied {hero}.',
    ],
    end: [
      'When they finally arrived, {hero}\'s {relative} opened the door and cried, "What a surprise!" They drank tea and talked until the stars came out.',
      'The {relative} was waiting by the window. "You came!" {say} the {relative}, and hugged {hero} for a long time.',
    ],
  },
  sick: {
    start: [
      "One day, {hero} heard that {friend} was sick and could not leave {fhis} bed. {hero} decided to bring {fhim} some hot {storyFood}.",
      '{friend} had a bad cold. "I will make {fhim} something warm," thought {hero}, and {he} went to find some {storyFood}.',
    ],
    ask: [
      '"How are you feeling?" asked {hero}. "Not very well," whispered {friend}, "but I am glad you came."',
      '"I brought you some {storyFood}," said {hero}. "You are very kind," {say} {friend}.',
    ],
    end: [
      '{friend} ate the {storyFood} and felt much better. "Thank you," {fhe} whispered. "You are a true friend."',
      "The next morning, {friend} was well again. {fhe} ran outside and {move} all the way to {hero}'s house to say thank you.",
    ],
  },
  thief: {
    start: [
      "Every night, someone ate the {storyFood} that {hero} left in the kitchen. {hero} was {unhappy} and wanted to know who it was.",
      '"Who is taking my {storyFood}?" {hero} wondered. Every morning, the plate was empty.',
    ],
    ask: [
      '"Someone is eating my {storyFood}," said {hero}. "Let us hide and watch," {say} {friend}. So that night, they hid behind the door and waited.',
    ],
    end: [
      'Late at night, the door opened slowly, and a hungry little {stranger} crept inside. "Please don\'t be angry," said the {stranger}. "I was so hungry." {hero} smiled and shared {his} {storyFood} with the {stranger}.',
      "At midnight, they saw a small {stranger} climb through the window. It was too thin and too tired to run away. After that, {hero} left an extra plate of {storyFood} for it every night.",
    ],
  },
  contest: {
    start: [
      "There was going to be a {contest} at the {goal} on {day}. {hero} wanted to win it more than anything.",
      'Everyone was talking about the {contest}. "I will try," said {hero}, although {he} was {unhappy}.',
    ],
    ask: [
      '"Will you help me practice?" asked {hero}. "Every day until the {contest}," promised {friend}.',
      '"Do you think I can win?" asked {hero}. "If you practice, you can," {say} {friend}.',
    ],
    end: [
      "{hero} did not win the {contest}, but {he} was {happy} because {he} had tried {his} best.",
      "To everyone's surprise, {hero} won the {contest}! {friend} cheered louder than anyone.",
    ],
  },
};

/** [cause, effect] pairs joined into sentences in several ways. */
const CAUSES: [string, string][] = [
  ["it began to rain", "{hero} opened {his} umbrella"],
  ["the bridge was broken", "they had to cross the river by boat"],
  ["{he} was hungry", "{he} ate some {food}"],
  ["they were tired", "they sat down under a tree to rest"],
  ["the wind was strong", "{hero}'s hat flew away"],
  ["the door was locked", "they looked for another way in"],
  ["{friend} was {unhappy}", "{hero} told {friend} a funny story"],
  ["the river was too deep", "{hero} built a small raft"],
  ["the sun was hot", "they rested in the shade"],
  ["the road was long", "they left before sunrise"],
  ["{he} was cold", "{he} put on a warm scarf"],
  ["the shop was closed", "they went to the {place} instead"],
  ["the path was dark", "{friend} lit a lantern"],
  ["the hill was steep", "they climbed very slowly"],
  ["a tree had fallen across the road", "they walked around it through the {place}"],
];

const CAUSE_FORMS = ["because {c}, {e}.", "{c}, so {e}.", "{e} because {c}.", "{c}. That is why {e}."];

const MEETINGS = [
  "On the way to the {goal}, {hero} met {friend}, {friendA}.",
  "Near the {place}, {he} saw {friend}, {friendA}, sitting on a {seat}.",
  "{hero} {move} to the {place}, where {he} found {friend} waiting.",
  "Soon {hero} went to see {friend}, {friendA} who lived by the {place}.",
];

const EPISODES = [
  "Suddenly, the sky turned {sky}, and it began to {precip}. {hero} and {friend} ran under a big tree and waited. After a while, the sun came out again.",
  "At noon, they sat down by the {place} and ate some {lunch}. The {lunch} was {taste}.",
  'They met an old {stranger} who knew every path in the {goal}. "Go past the {place} and turn left at the {landmark}," said the {stranger}.',
  '"Are you {unhappy}?" asked {friend}. "A little," said {hero}, "but I feel better with you here."',
  "While they walked, {friend} told {hero} a story about {tale}.",
  'They heard {sound} coming from the {place}. "What is that?" whispered {hero}. They went to look. It was only {harmless}.',
  "{hero} and {friend} {move} past the {landmark} and across the {place}. The {weather} air made them feel {happy}.",
  "Every day, {hero} worked at the {place} until {his} hands were tired. {friend} brought {him} {food} and cheered {him} on.",
];

const ENDINGS = [
  "From that day on, {hero} and {friend} were the best of friends.",
  "And so {hero} learned that {moral}.",
  "That night, {hero} went to bed {happy} and dreamed of {dream}.",
  "Everyone in the village still tells the story of {hero} and {friend}.",
  "{hero} went home, ate some {food}, and slept well.",
];

/** One story: a title line, then paragraphs separated by single newlines. */
function generateStory(rng: Rng): string {
  const hero = makeCharacter(rng, "");
  const friend = makeCharacter(rng, hero.name);
  const slots = storySlots(rng, hero, friend);
  const problem = PROBLEM_TEXT[rng.pick(PROBLEMS)];
  const say = (template: string) => fill(template, slots);
  const causes = rng.shuffle([...CAUSES]); // drawn without repeats: a story uses at most four
  const causal = () => {
    const [c, e] = causes.pop()!;
    return say(rng.pick(CAUSE_FORMS).replace("{c}", c).replace("{e}", e));
  };

  const middle = [say(rng.pick(MEETINGS)) + " " + say(rng.pick(problem.ask))];
  const episodes = rng.shuffle([...EPISODES]).slice(0, 1 + rng.int(3));
  for (const episode of episodes) middle.push(rng.next() < 0.5 ? say(episode) + " " + causal() : say(episode));
  if (rng.next() < 0.6) middle.push(causal());

  const title = say(rng.pick(TITLES)).replace(/\b[a-z]/g, (c) => c.toUpperCase());
  const paragraphs = [
    say(rng.pick(OPENINGS)) + " " + say(rng.pick(SETTINGS)),
    say(rng.pick(problem.start)),
    ...middle,
    say(rng.pick(problem.end)) + " " + say(rng.pick(ENDINGS)) + (rng.next() < 0.3 ? " The end." : ""),
  ];
  return [title, ...paragraphs.map(polish)].join("\n");
}

/**
 * Generates the built-in story corpus: whole stories, separated by blank lines, until the text
 * reaches `minChars`. Deterministic from `seed`; about 200 KB takes a few tens of milliseconds.
 *
 * @example
 * const text = generateCorpus({ seed: 1, minChars: 200_000 });
 * text.length >= 200_000; // true
 */
export function generateCorpus(options: CorpusOptions = {}): string {
  const { seed = 1, minChars = 200_000 } = options;
  if (!Number.isFinite(minChars) || minChars < 0) throw new RangeError(`minChars must be a number ≥ 0, got ${minChars}.`);
  const rng = createRng(seed);
  const stories: string[] = [];
  let length = 0;
  do {
    const story = generateStory(rng);
    stories.push(story);
    length += story.length + 2;
  } while (length - 2 < minChars);
  return stories.join("\n\n") + "\n";
}

/**
 * The entropy of the text's character distribution, in nats: the loss per character of the
 * best model that ignores context. A char-level LM that learns anything beats it.
 *
 * @example
 * unigramEntropy("abab"); // ln 2 ≈ 0.693
 * unigramEntropy("");     // 0
 */
export function unigramEntropy(text: string): number {
  const counts = new Map<string, number>();
  let total = 0;
  for (const ch of text) {
    counts.set(ch, (counts.get(ch) ?? 0) + 1);
    total++;
  }
  let h = 0;
  for (const c of counts.values()) {
    const p = c / total;
    h -= p * Math.log(p);
  }
  return h;
}
