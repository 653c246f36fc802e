/**
 * The 256 fingerprint words (index = byte value). Short, common, distinct
 * English words in alphabetical order; frozen as part of latchkey/v1 (changing
 * one changes every rendered fingerprint).
 */
export const FINGERPRINT_WORDS: readonly string[] = (
  'able acid aged also area army away baby back ball band bank base bath bear beat bell belt best bird ' +
  'blue boat body bone book boot born boss both bowl bulk burn bush busy cake calm camp card care cart ' +
  'case cash cast cell chef chip city clay club coal coat code cold cook cool copy corn cost crew crop ' +
  'dark data date dawn deal deck deep deer desk dial diet dish dock door dose down draw drum duck dust ' +
  'duty earn east easy edge egg epic even exit face fact fair farm fast fear feet file film fire firm ' +
  'fish flag flat flow foam fold folk food foot fork form fort free frog fuel full fund gain game gate ' +
  'gift girl glad glow goal gold golf good gray grid grow gulf hair half hall hand harp hawk head heat ' +
  'herb hero high hill hint hole home hook hope horn host hour huge idea inch iron item jazz join joke ' +
  'jump jury keen kept kick kind king kite knee lake lamp land lane last lawn leaf lean left lens life ' +
  'lift lime line lion list loan lock loft long loop lord love luck lung mail main malt map mask meal ' +
  'menu mild milk mill mind mint mode moon moss most moth much nail name navy neck nest news next nice ' +
  'node noon nose note oak oath ocean odd oil open oven owl pack page pair palm park path peak pear ' +
  'pine pink pipe plan plum poem pond pool port pump quiz race rail rain ramp rice '
).trim().split(' ');
