import { describe, expect, it } from 'vitest';
import { isTransparent } from '../../webview/trace/theme';

// The waterfall asks for an opaque canvas (cheaper to composite) only when the theme's
// background really is opaque; a wrong answer paints black behind a see-through theme.
describe('isTransparent', () => {
  it.each([
    ['transparent', true], ['rgba(0, 0, 0, 0)', true], ['rgba(30 30 30 / 0.5)', true], ['hsla(0, 0%, 0%, 0.2)', true],
    ['#0000', true], ['#1e1e1e80', true],
    ['#1e1e1e', false], ['#fff', false], ['#ffff', false], ['#1e1e1eff', false], ['rgb(30, 30, 30)', false],
    ['rgba(30, 30, 30, 1)', false], ['  #1E1E1E  ', false],
  ])('%s → %s', (colour, expected) => {
    expect(isTransparent(colour)).toBe(expected);
  });
});
