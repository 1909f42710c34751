import { describe, expect, it } from 'vitest';
import { isBoilerplate } from '../../../lambda/core/article/boilerplate';

describe('isBoilerplate', () => {
  it.each([
    'Copyright 2023 Nexstar Media Inc. All rights reserved. This material may not be published, broadcast, rewritten or redistributed.',
    '© 2024 Example Media',
    'Leave a Comment',
    '74 comments',
    'Share this article',
    'Share on Facebook',
    'Related: Ten quiet railway stations',
    'Read more:',
    'Related stories:',
    'You might also like:',
    'Sign up for our weekly newsletter.',
    'Subscribe to the Morning Brief newsletter',
    'Follow us on Instagram',
    'Advertisement',
    'By Jane Doe and John Roe',
    'Thanks for reading The Slow Garden!',
    'Subscribe for free to receive new posts and support my work.',
    'Media contacts',
    'FOR IMMEDIATE RELEASE',
    'For Immediate Release: June 3, 2025',
  ])('recognises %j', (line) => {
    expect(isBoilerplate(line)).toBe(true);
  });

  it.each([
    'Share prices fell 5% on Monday after the results.',
    'Related companies were also fined by the regulator.',
    'By noon the queue stretched around the block.',
    'Copyright lawsuits against AI companies have surged this year.',
    'Press releases from the ministry were published late on Friday.',
    'The names of the victims may not be published under state law until families are notified.',
    'The paper said its newsletter would no longer be free, and readers who signed up before March would keep their discount for a year while new readers pay the full price from the start.',
  ])('leaves article text alone: %j', (line) => {
    expect(isBoilerplate(line)).toBe(false);
  });
});
