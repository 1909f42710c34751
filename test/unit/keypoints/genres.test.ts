import { describe, expect, it } from 'vitest';
import { parseArticle } from '../../../lambda/core/article/parse-article';
import { extractKeyPoints } from '../../../lambda/core/keypoints/extract-key-points';

function keyPointsOf(name: string, text: string, maxPoints = 4) {
  const article = parseArticle({ name, bytes: Buffer.from(text) });
  const result = extractKeyPoints(article, { maxPoints });
  const points = result.keyPoints.map((point) => point.summary);
  return { article, result, points, all: [result.lead, ...points].join('\n') };
}

const HEATWAVE = [
  'An amber heat-health warning has been issued for much of the south and east of the country, with temperatures expected to reach 34C on Saturday.',
  'The health agency said the heat could put older people and those with heart and lung conditions at risk, and urged people to check on vulnerable neighbours.',
  'Hospitals have been told to prepare for more admissions, and some schools plan to relax uniform rules.',
  'Forecasters expect the heat to break on Monday, when thunderstorms are likely to move in from the west.',
];

describe('a cookie-consent banner over the article', () => {
  it('is neither the lead nor a point of a web page', () => {
    const html = `<html><head><title>Heatwave warning issued | Daily Courier</title></head><body>
<div class="cmp"><p>We value your privacy</p><p>We and our partners store and/or access information on a device, such as cookies, and process personal data, such as unique identifiers and standard information sent by a device, for personalised ads and content, ad and content measurement, and audience insights.</p><p>You can change your preferences at any time by returning to this site or visiting our privacy policy.</p><button>AGREE</button></div>
<article><h1>Heatwave warning issued for the weekend</h1>
${HEATWAVE.map((sentence) => `<p>${sentence}</p>`).join('\n')}
</article></body></html>`;
    const { result, all } = keyPointsOf('heatwave.html', html);
    expect(result.lead).toBe(HEATWAVE[0]);
    expect(all).not.toMatch(/cookies|preferences/i);
  });

  it('is neither the lead nor a point of a plain text copied from a page', () => {
    const text = `Heatwave warning issued for the weekend\n\nThis website uses cookies to ensure you get the best experience on our website.\n\nAccept\n\n${HEATWAVE.join('\n\n')}\n`;
    const { result, all } = keyPointsOf('heatwave.txt', text);
    expect(result.lead).toBe(HEATWAVE[0]);
    expect(all).not.toMatch(/cookies/i);
  });
});
