/**
 * Function words that say nothing about what a sentence is about. Terms are compared after
 * stemming, so only base forms and the irregular ones are listed.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  `a about above after again against all almost also although am among an and another any are
  around as at be because been before being below between both but by can could did do does
  doing done down during each either else even ever every few for from further had has have
  having he her here hers herself him himself his how however i if in into is it its itself
  just least less let like made make many may me might more most much must my myself near
  neither no nor not now of off often on once one only or other others our ours ourselves out
  over own per perhaps quite rather really same say said says she should since so some still
  such than that the their theirs them themselves then there these they this those though
  through thus to too toward towards under until up upon us very via was we were what whatever
  when where whether which while who whom whose why will with within without would yet you
  your yours yourself yourselves mr mrs ms dr don't can't won't isn't wasn't didn't
  doesn't aren't couldn't wouldn't shouldn't hasn't haven't hadn't weren't`.split(/\s+/),
);
