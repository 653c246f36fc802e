/**
 * The 256 fingerprint words (index = byte value). Short, common, distinct
 * English words in alphabetical order; frozen as part of latchkey/v1 (changing
 * one changes every rendered fingerprint; wordlist.test.ts pins the list).
 *
 * Stored front-coded to keep the browser bundle small: each entry is a digit
 * (how many leading letters it shares with the word before) and the rest of
 * the word, e.g. "0able1cid1ged" = able acid aged. Sorted words share most
 * prefixes, so this is about a third shorter than the plain list even after
 * gzip.
 */
const FRONT_CODED =
  '0able1cid1ged1lso1rea2my1way0baby2ck2ll2nd3k2se2th1ear3t2ll3t2st1ird1lue1oat2dy2ne2ok3t2rn2ss2th' +
  '2wl1ulk2rn2sh3y0cake2lm2mp2rd3e3t2se3h3t1ell1hef2ip1ity1lay2ub1oal3t2de2ld2ok3l2py2rn2st1rew2op' +
  '0dark2ta3e2wn1eal2ck2ep3r2sk1ial2et2sh1ock2or2se2wn1raw2um1uck2st2ty0earn2st3y1dge1gg1pic1ven' +
  '1xit0face3t2ir2rm2st1ear2et1ile3m2re3m2sh1lag3t2ow1oam2ld3k2od3t2rk3m3t1ree2og1uel2ll2nd0gain2me' +
  '2te1ift2rl1lad2ow1oal2ld3f2od1ray2id2ow1ulf0hair2lf3l2nd2rp2wk1ead3t2rb3o1igh2ll2nt1ole2me2ok2pe' +
  '2rn2st2ur1uge0idea1nch1ron1tem0jazz1oin2ke1ump2ry0keen2pt1ick2nd3g2te1nee0lake2mp2nd3e2st2wn1eaf' +
  '3n2ft2ns1ife3t2me2ne2on2st1oan2ck2ft2ng2op2rd2ve1uck2ng0mail3n2lt2p2sk1eal2nu1ild3k3l2nd3t1ode' +
  '2on2ss3t2th1uch0nail2me2vy1eck2st2ws2xt1ice1ode2on2se2te0oak2th1cean1dd1il1pen1ven1wl0pack2ge2ir' +
  '2lm2rk2th1eak3r1ine3k2pe1lan2um1oem2nd2ol2rt1ump0quiz0race2il3n2mp1ice';

let previous = '';
export const FINGERPRINT_WORDS: readonly string[] = Array.from(
  FRONT_CODED.matchAll(/(\d)([a-z]+)/g),
  ([, shared, rest]) => (previous = previous.slice(0, Number(shared)) + rest),
);
