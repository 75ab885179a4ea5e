/**
 * Cue words that tie two findings of one sentence together. Each is a flat alternation of words
 * (no nested quantifiers), run once per sentence: linear in the text.
 */

/** "APT41 used/deployed/relies on KeyPlug", "KeyPlug is packed with VMProtect". */
export const USES_CUE = /\b(?:us(?:e|es|ed|ing)|deploy(?:s|ed|ing)?|leverag(?:e|es|ed|ing)|employ(?:s|ed|ing)?|reli(?:es|ed) on|rely(?:ing)? on|deliver(?:s|ed|ing)?|drop(?:s|ped|ping)?|install(?:s|ed|ing)?|load(?:s|ed|ing)?|launch(?:es|ed|ing)?|execut(?:e|es|ed|ing)|ran|run(?:s|ning)?|arsenal|toolset|toolkit|packed|protected|obfuscated|distribut(?:e|es|ed|ing)|spread(?:s|ing)?|infect(?:s|ed|ing)?|backdoored|implant(?:s|ed)?|wield(?:s|ed)?|relied)\b/i;

/** Weaker instrument words, accepted only when the actor comes from context ("they moved laterally with Impacket"). */
export const WITH_CUE = /\b(?:with|via|through|using)\b/i;

/** "against", "targeting", "goes after", "intrusions at", "victims in", "compromised", "organisations in". */
export const TARGETS_CUE = /\b(?:against|pre-?position(?:s|ed|ing)?|inside|approach(?:es|ed|ing)?|contact(?:s|ed|ing)?|reach(?:es|ed|ing)?|(?:e-?mails?|messages?|lures?|waves?) to|go(?:es)? after|went after|going after|intrusions? (?:at|into|in)|incidents? at|breaches? at|victims? (?:include|included|were|are|in)|target(?:s|ed|ing)?|victim(?:s|ology)?|attack(?:s|ed|ing)? (?:on|against)|compromis(?:e|es|ed|ing)|breach(?:es|ed|ing)?|hit|aim(?:s|ed)? at|focus(?:es|ed|ing)? on|infiltrat(?:e|es|ed|ing)|spear-?phish(?:ed|ing)?|(?:engagements?|attacks?) at|(?:offices?|departments?|facilities|sites?|plants?) (?:in|of|across)|(?:organi[sz]ations?|compan(?:y|ies)|entities|firms?|manufacturers?|suppliers?|providers?|distributors?|operators?|agenc(?:y|ies)|institutions?|ministr(?:y|ies)|networks?|hospitals?|banks?|utilities) (?:in|of|from|across|based in))\b/i;

/** "attributed to", "we attribute … to", "linked to", "tied to", "operated by". */
export const ATTRIBUTION_CUE = /\b(?:attribut(?:e|es|ed|ing|ion)|linked to|tied to|associated with|operated by|(?:is|are) part of|overlaps? with|connected to|belongs? to|developed by|authored by|used exclusively by|exclusive to)\b/i;

/** "a hash of the payload", "C2", "contacts", "SHA-256", "sample", "beacon". */
export const INDICATES_CUE = /\b(?:hash(?:es)?|sha-?(?:1|256|512)|md5|sample(?:s)?|payload(?:s)?|loader|dropper|c2|c&c|command[- ]and[- ]control|server(?:s)?|domain(?:s)?|beacon(?:s|ed|ing)?|contact(?:s|ed|ing)?|connect(?:s|ed|ing)?|call(?:s|ed)? (?:back|home)|download(?:s|ed|ing)?|host(?:s|ed|ing)?|binar(?:y|ies)|file(?:s)?|installer|implant|variant(?:s)?|build)\b/i;

/** Words after a place name that make it the actor's origin ("Chinese state-sponsored group"), not a victim. */
const ORIGIN_AFTER = /^[\s-]{0,3}(?:state|government|military)?[\s-]{0,3}(?:fsb|gru|svr|mss|pla|irgc|mois|rgb|kgb|armed forces|special services|sponsored|backed|nexus|linked|aligned|affiliated|based|threat|apt|group|actor|hackers?|espionage|operators?|intrusion|adversar(?:y|ies)|intelligence|cyber)/i;
const ORIGIN_BEFORE = /(?:based in|from|out of|nexus|sponsored by|backed by)\s{0,3}(?:the\s)?$/i;

/** True when the place named at [start, end) reads as where an actor comes from. */
export function isOriginMention(text: string, start: number, end: number): boolean {
  return ORIGIN_AFTER.test(text.slice(end, end + 40)) || ORIGIN_BEFORE.test(text.slice(Math.max(0, start - 30), start));
}

/** Section headings whose links are references to other publications, not indicators. */
export const REFERENCE_HEADING = /^#{1,6}\s{0,3}(?:references?|sources?|further reading|bibliography|links|acknowledg(?:e)?ments?|credits|about)\b/i;

/** Offsets (relative to the sentence) of the first match of `cue`, or -1. */
export function cueAt(cue: RegExp, sentence: string): number {
  const m = cue.exec(sentence);
  return m ? m.index : -1;
}
