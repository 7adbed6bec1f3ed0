/**
 * The word lists the story grammar in `corpus.ts` draws from. Plain data; every entry uses only
 * letters, spaces and apostrophes so the corpus keeps a small character set. Words that need
 * "an" for a reason other than a leading vowel (honest, hour) or "a" before a vowel (useful, one)
 * are avoided, because articles are chosen by the first letter.
 */

export const FEMALE_NAMES = ["Mia", "Lily", "Anna", "Lucy", "Ella", "Rosa", "Nora", "Ivy", "Zoe", "Clara", "Maya", "Greta", "Wendy", "Ruby", "Jane", "Yara", "Hazel", "Dora", "Sara", "Kate", "Bella", "Pia"];
export const MALE_NAMES = ["Tom", "Sam", "Ben", "Max", "Jack", "Leo", "Finn", "Oscar", "Hugo", "Felix", "Theo", "Otto", "Paul", "Victor", "Kai", "Eli", "Ned", "Bruno", "Igor", "Quentin", "Walter", "Xavier"];

export const ROLES = ["baker", "farmer", "sailor", "painter", "tailor", "miller", "teacher", "doctor", "knight", "shepherd", "gardener", "carpenter", "potter", "weaver", "singer", "merchant", "cook", "guard", "poet", "traveler", "builder", "healer", "musician", "fisher", "clockmaker", "beekeeper", "librarian", "mapmaker"];
export const ANIMALS = ["fox", "rabbit", "bear", "owl", "mouse", "cat", "dog", "crow", "frog", "deer", "wolf", "duck", "goat", "hedgehog", "turtle", "squirrel", "badger", "otter", "hare", "lamb", "beaver", "raven"];
export const TRAITS = ["brave", "kind", "clever", "shy", "curious", "quiet", "cheerful", "lazy", "careful", "wise", "young", "old", "gentle", "proud", "friendly", "busy", "patient", "grumpy", "bold", "humble", "silly", "stubborn", "clumsy", "polite", "sleepy"];
export const HABITS = ["singing", "smiling", "busy", "asking questions", "helping others", "reading", "late", "hungry", "whistling", "telling jokes", "lost in thought", "in a hurry"];
export const LOVES = ["the sea", "long walks", "old books", "warm bread", "the stars", "music", "rainy days", "puzzles", "flowers", "maps", "tall trees", "quiet evenings"];

export const PLACES = ["village", "forest", "river", "old mill", "market", "hill", "lake", "garden", "castle", "bridge", "farm", "cave", "meadow", "harbor", "library", "bakery", "tower", "valley", "beach", "road", "field", "orchard", "barn", "well", "town square", "school", "island", "mountain", "pond", "inn", "cottage", "woods", "lighthouse", "station", "workshop"];
export const SPOTS = ["under the bed", "behind the door", "in the tall grass", "under a big stone", "inside an old boot", "on top of the cupboard", "next to the well", "beneath the stairs", "in a hollow tree", "under the table", "behind the barn", "in a flower pot", "at the bottom of a basket", "between two books"];
export const LANDMARKS = ["big oak tree", "red gate", "broken cart", "stone wall", "little bridge", "tall tower", "old windmill", "yellow house", "crooked fence", "empty well"];
export const SEATS = ["bench", "rock", "fence", "log", "wall", "step", "barrel"];

export const OBJECTS = ["key", "lantern", "map", "basket", "hat", "ring", "coin", "book", "letter", "box", "bell", "rope", "cup", "clock", "flute", "drum", "kite", "ball", "scarf", "shoe", "spoon", "candle", "feather", "shell", "blanket", "ladder", "bucket", "hammer", "mirror", "umbrella", "compass", "violin", "necklace", "whistle", "glove", "jar", "button", "teapot", "quilt", "wagon"];
export const OBJECT_ADJECTIVES = ["red", "blue", "green", "golden", "silver", "small", "big", "old", "new", "shiny", "heavy", "broken", "wooden", "tiny", "round", "strange", "magic", "soft", "warm", "bright", "dusty", "lovely", "yellow", "white", "black", "purple", "precious", "secret", "striped", "painted"];
export const GIFTS = ["a kite with long ribbons", "a basket of sweet berries", "a wooden box", "a warm scarf", "a new song", "a little boat", "a painting of the lake", "a cake with honey", "a necklace of shells", "a book of stories", "a quilt with stars on it"];
export const MATERIALS = ["soft wool", "strong wood", "bright paint", "long ribbons", "smooth stones", "fresh flowers", "sweet berries", "shiny shells", "good paper", "thin string"];

export const FOODS = ["bread", "soup", "apple pie", "honey", "cheese", "berries", "apples", "muffins", "carrots", "fish", "cake", "porridge", "plums", "nuts", "pancakes", "cookies", "eggs", "rice", "beans", "pears"];
export const TASTES = ["delicious", "sweet", "warm", "fresh", "a little salty", "still warm", "very good", "better than ever"];

export const HAPPY = ["happy", "glad", "proud", "excited", "grateful", "cheerful", "hopeful", "calm", "delighted"];
export const UNHAPPY = ["sad", "worried", "upset", "nervous", "confused", "lonely", "afraid", "angry", "tired", "scared"];
export const CELEBRATIONS = ["danced around the room", "laughed out loud", "jumped for joy", "sang a happy song", "clapped {his} hands", "spun in a circle"];

export const WEATHER = ["sunny", "rainy", "windy", "cold", "warm", "foggy", "snowy", "cloudy", "stormy", "hot", "bright", "gray", "misty", "chilly", "quiet"];
export const SKY_COLOURS = ["gray", "blue", "clear", "dark", "pink", "orange", "pale"];
export const SMELLS = ["rain", "flowers", "fresh bread", "smoke", "pine trees", "the sea", "wet grass", "apples"];
export const TIMES = ["morning", "afternoon", "evening", "night"];
export const DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
export const SEASONS = ["spring", "summer", "autumn", "winter"];
export const PRECIPITATION = ["rain", "snow", "hail", "drizzle"];

export const MOVES = ["walked", "ran", "hurried", "wandered", "climbed", "skipped", "marched", "raced", "strolled", "rode", "tiptoed", "rushed", "traveled", "crept"];
export const SAYS = ["said", "replied", "shouted", "whispered", "cried", "called", "answered", "laughed", "muttered", "added"];
export const ACTIVITIES = [
  "baked some bread", "painted a picture of the {place}", "read a book about {animal}s", "planted seeds in the garden",
  "fixed the old fence", "swept the floor", "fed the chickens", "picked some berries", "sang a song about the sky",
  "counted the stars", "wrote a letter to an old friend", "washed the dishes", "mended a torn coat", "played the flute",
  "carved a spoon from wood", "watched the boats", "collected shells", "cleaned the windows", "knitted a scarf",
  "made a cup of tea", "fed the ducks", "climbed a tall tree",
];
export const RELATIVES_F = ["grandmother", "aunt", "sister", "cousin"];
export const RELATIVES_M = ["grandfather", "uncle", "brother", "cousin"];
export const SOUNDS = ["a strange noise", "soft music", "the ringing of bells", "a dog barking", "birds singing", "someone laughing", "a loud splash"];
export const HARMLESS = ["the wind in the trees", "a cat playing with a ball", "an old man singing", "a goat eating the fence", "children playing a game", "a frog in a puddle"];
export const TALES = ["a giant who loved cheese", "a ship made of glass", "a dragon who was afraid of mice", "a moon that fell into the sea", "a clock that ran backwards", "a king who could not sleep", "a river that sang at night"];
export const CONTESTS = ["singing contest", "boat race", "baking contest", "kite festival", "spelling contest", "running race", "flower show"];
export const MORALS = [
  "friends make every road shorter", "it is good to ask for help", "patience is a kind of magic", "small things can matter a lot",
  "being kind is never wasted", "a careful plan beats a quick guess", "you should never give up", "sharing makes everyone richer",
  "it is fine to be afraid and still be brave", "home is where your friends are",
];
export const DREAMS = ["flying over the hills", "a sea full of stars", "a house made of cake", "talking trees", "a boat with silver sails", "warm summer days"];
