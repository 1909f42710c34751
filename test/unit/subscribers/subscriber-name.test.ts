import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../lambda/core/errors';
import {
  readSubscriberName,
  showInvisibleInName,
  unusableInName,
} from '../../../lambda/core/subscribers/subscriber-name';

const RULE =
  'must be one line without control characters or invisible formatting characters such as bidi controls';

describe('readSubscriberName', () => {
  it.each([
    ['U+202E RIGHT-TO-LEFT OVERRIDE', 'Ada \u202Egnp.exe', '202E'],
    ['U+202A LEFT-TO-RIGHT EMBEDDING', '\u202AAda', '202A'],
    ['U+202B RIGHT-TO-LEFT EMBEDDING', '\u202BAda', '202B'],
    ['U+202C POP DIRECTIONAL FORMATTING', 'Ada\u202C', '202C'],
    ['U+202D LEFT-TO-RIGHT OVERRIDE', '\u202DAda', '202D'],
    ['U+2066 LEFT-TO-RIGHT ISOLATE', '\u2066Ada', '2066'],
    ['U+2067 RIGHT-TO-LEFT ISOLATE', '\u2067Ada', '2067'],
    ['U+2068 FIRST STRONG ISOLATE', '\u2068Ada', '2068'],
    ['U+2069 POP DIRECTIONAL ISOLATE', 'Ada\u2069', '2069'],
    ['U+200E LEFT-TO-RIGHT MARK', 'Ada\u200E', '200E'],
    ['U+200F RIGHT-TO-LEFT MARK', '\u200Fسارا', '200F'],
    ['U+061C ARABIC LETTER MARK', 'سارا\u061C', '061C'],
    ['U+00AD SOFT HYPHEN', 'Ad\u00ADa', '00AD'],
    ['U+2060 WORD JOINER', 'Ad\u2060a', '2060'],
    ['U+FEFF ZERO WIDTH NO-BREAK SPACE', 'Ada\uFEFF', 'FEFF'],
    ['a tag character outside an emoji tag sequence', 'Ada\u{E0041}', 'E0041'],
    ['a line feed, as before', 'Ada\nBcc: x@example.com', '000A'],
    ['NEL, as before', 'Ada\u0085', '0085'],
    ['U+2028 LINE SEPARATOR, as before', 'Ada\u2028', '2028'],
  ])('refuses a name holding %s, naming the field and the character', (_, name, codePoint) => {
    const refusal = (() => {
      try {
        readSubscriberName(name);
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(ValidationError);
    expect((refusal as ValidationError).where).toBe('name');
    expect((refusal as ValidationError).message).toBe(`name: ${RULE}; it holds U+${codePoint}`);
  });

  it.each([
    ['Persian with U+200C ZERO WIDTH NON-JOINER', 'علی\u200Cرضا'],
    ['Malayalam with U+200D ZERO WIDTH JOINER (a chillu)', 'അവന\u200D'],
    ['an emoji ZWJ sequence', 'Ada \u{1F469}\u200D\u{1F4BB}'],
    ['Mongolian script with U+180E MONGOLIAN VOWEL SEPARATOR', 'ᠲᠡᠮᠦ\u180Eᠡ'],
    [
      'the flag of Scotland (an emoji tag sequence)',
      'Ada \u{1F3F4}\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}',
    ],
    ['right-to-left letters without controls', 'שרה כהן'],
    ['accents and apostrophes', 'Zoë O’Brien-Ødegård'],
  ])('keeps a name with %s', (_, name) => {
    expect(readSubscriberName(name)).toBe(name);
  });

  it('keeps reading an empty name as none and white space runs as one space', () => {
    expect(readSubscriberName(undefined)).toBeNull();
    expect(readSubscriberName('   ')).toBeNull();
    expect(readSubscriberName('  Ada   Lovelace ')).toBe('Ada Lovelace');
  });

  // Every issue greets a subscriber by name: "Hi \u3164," reads "Hi ," in the inbox.
  it('reads a name that shows nothing (a joiner, a Hangul filler) as none, so the greeting is "Hi there"', () => {
    for (const blank of ['\u200D', '\u3164', ' \u200C \u3164 ', '\u2800']) {
      expect(readSubscriberName(blank)).toBeNull();
    }
    expect(readSubscriberName('\u3164Ada')).toBe('\u3164Ada');
  });
});

describe('unusableInName', () => {
  it('says nothing of a name that can be used', () => {
    expect(unusableInName('Weekly Briefing')).toBeUndefined();
  });

  it('names the first unusable character, an astral one whole', () => {
    expect(unusableInName('a\u{E0020}\u202E')).toBe(`${RULE}; it holds U+E0020`);
  });
});

describe('showing a stored name in a terminal', () => {
  it('escapes the bidi controls and invisible characters a name may have been stored with', () => {
    expect(showInvisibleInName('Ada\u202Emoc.liame\u202C')).toBe('Ada<U+202E>moc.liame<U+202C>');
    expect(showInvisibleInName('\u2067Ada\u2069 \u200Fx\u00AD\u{E0041}')).toBe(
      '<U+2067>Ada<U+2069> <U+200F>x<U+00AD><U+E0041>',
    );
    expect(showInvisibleInName('a\u001B[2Jb\u2028')).toBe('a<U+001B>[2Jb<U+2028>');
  });

  it('leaves what a name may hold: joiners, the Mongolian separator, a flag, any script', () => {
    for (const name of [
      'Ada Lovelace',
      'می\u200Cخواهم',
      'क्\u200Dष',
      '👩\u200D💻 Dev',
      'ᠮᠣᠩᠭᠣᠯ\u180Eᠠ',
      'Cymru \u{1F3F4}\u{E0067}\u{E0062}\u{E0077}\u{E006C}\u{E0073}\u{E007F}',
      'שלום עולם',
    ]) {
      expect(showInvisibleInName(name)).toBe(name);
    }
  });
});
